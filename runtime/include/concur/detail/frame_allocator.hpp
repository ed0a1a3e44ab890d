#pragma once
// Recycles coroutine frames and small runtime nodes per thread, so that spawning and awaiting
// tasks allocate nothing in the steady state.

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define CONCUR_DETAIL_NO_FRAME_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONCUR_DETAIL_NO_FRAME_CACHE 1
#endif
#endif

namespace concur::detail {

// Plain data so that the thread_local needs no guard and stays usable during thread exit.
struct frame_cache_lists {
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t classes = 64;        // blocks up to 1 KiB are cached
  static constexpr std::uint32_t max_cached = 8192; // per class: bounds idle memory per thread

  struct block {
    block *next;
  };
  block *heads[classes];
  std::uint32_t counts[classes];
  bool dead; // the thread is exiting: stop caching
  bool registered;
};

inline constinit thread_local frame_cache_lists frame_cache{};

// Frees the cached blocks when the thread exits.
struct frame_cache_reaper {
  ~frame_cache_reaper() {
    frame_cache.dead = true;
    for (auto *&head : frame_cache.heads) {
      while (head) {
        auto *next = head->next;
        ::operator delete(head);
        head = next;
      }
    }
  }
};

inline void register_frame_cache_reaper() {
  thread_local frame_cache_reaper reaper;
  (void)reaper;
  frame_cache.registered = true;
}

inline void *frame_allocate(std::size_t n) {
#ifndef CONCUR_DETAIL_NO_FRAME_CACHE
  const std::size_t c = (n - 1) / frame_cache_lists::granule;
  if (c < frame_cache_lists::classes) {
    auto &fc = frame_cache;
    if (auto *b = fc.heads[c]) {
      fc.heads[c] = b->next;
      --fc.counts[c];
      return b;
    }
    return ::operator new((c + 1) * frame_cache_lists::granule);
  }
#endif
  return ::operator new(n);
}

inline void frame_deallocate(void *p, std::size_t n) noexcept {
#ifndef CONCUR_DETAIL_NO_FRAME_CACHE
  const std::size_t c = (n - 1) / frame_cache_lists::granule;
  if (c < frame_cache_lists::classes) {
    auto &fc = frame_cache;
    if (!fc.dead && fc.counts[c] < frame_cache_lists::max_cached) {
      if (!fc.registered)
        register_frame_cache_reaper();
      auto *b = static_cast<frame_cache_lists::block *>(p);
      b->next = fc.heads[c];
      fc.heads[c] = b;
      ++fc.counts[c];
      return;
    }
  }
#endif
  (void)n;
  ::operator delete(p);
}

} // namespace concur::detail
