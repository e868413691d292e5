# valijson is header-only. Debian's libvalijson-dev depends on ~95 packages (Qt, Poco,
# MariaDB) for adapters we do not use, so tools/setup unpacks only its headers with
# `apt-get download` into build-deps/. A system install works too.
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp
  HINTS ${CMAKE_SOURCE_DIR}/build-deps/valijson/usr/include ${VALIJSON_ROOT}/usr/include
  PATHS /usr/include)
if(NOT VALIJSON_INCLUDE_DIR)
  message(FATAL_ERROR "valijson headers not found: run tools/setup (or pass -DVALIJSON_ROOT=DIR)")
endif()
add_library(valijson INTERFACE IMPORTED)
target_include_directories(valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
