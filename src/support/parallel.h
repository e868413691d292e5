#pragma once
/// \file
/// The one thread pool pattern kbcheck uses: independent items handed out by an atomic
/// counter to a few threads, the calling thread included.

#include <cstddef>
#include <functional>

namespace kb {

/// Calls `fn(item, worker)` for every item in [0, count) on up to `jobs` threads
/// (worker is 0..jobs-1, stable per thread, for per-thread state). The first exception
/// thrown stops the handing out of items and is rethrown here once every thread has
/// joined: an exception in a worker must reach main's handler, not std::terminate.
void parallel_for(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t item, unsigned worker)>& fn);

}  // namespace kb
