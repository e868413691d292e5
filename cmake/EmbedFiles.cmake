# kb_embed_files: compiles a directory's files into the binary as a table of
# {name, text} (kb::EmbeddedFile, src/support/embedded_file.h). Used for the rule pages
# (docs/rules/KB*.md) and the JSON Schemas (schema/*.schema.json).
#
#   kb_embed_files(OUT <generated.cc> DIR <dir> GLOB <pattern> SUFFIX <cut from names>
#                  HEADER <header declaring FUNCTION> NAMESPACE <ns> FUNCTION <name>)
#
# The generated FUNCTION() returns std::span<const kb::EmbeddedFile>, ordered by name.
set(KB_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)

function(kb_embed_files)
  cmake_parse_arguments(E "" "OUT;DIR;GLOB;SUFFIX;HEADER;NAMESPACE;FUNCTION" "" ${ARGN})
  file(GLOB inputs CONFIGURE_DEPENDS ${E_DIR}/${E_GLOB})
  add_custom_command(OUTPUT ${E_OUT}
    COMMAND ${CMAKE_COMMAND} -DOUT=${E_OUT} -DIN_DIR=${E_DIR} -DGLOB=${E_GLOB}
            -DSUFFIX=${E_SUFFIX} -DHEADER=${E_HEADER} -DNAMESPACE=${E_NAMESPACE}
            -DFUNCTION=${E_FUNCTION} -P ${KB_EMBED_SCRIPT}
    DEPENDS ${inputs} ${KB_EMBED_SCRIPT}
    COMMENT "Embedding ${E_DIR}/${E_GLOB}"
    VERBATIM)
endfunction()
