#include "support/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kb {

void parallel_for(std::size_t count, unsigned jobs,
                  const std::function<void(std::size_t, unsigned)>& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&](unsigned w) {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < count;) fn(i, w);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next.store(count);  // the other workers stop after their current item
    }
  };
  unsigned n = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(count, 1)));
  {
    std::vector<std::jthread> pool;  // joined at the end of this block
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker, t);
    worker(0);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace kb
