#pragma once
// Recycles coroutine frames and small runtime nodes per thread, so that spawning and awaiting
// tasks allocate nothing in the steady state.

#include <cstddef>
#include <cstdint>
#include <new>

#include "concur/detail/sanitizers.hpp"

namespace concur::detail {

// Plain data so that the thread_local needs no guard and stays usable during thread exit.
struct frame_cache_lists {
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t classes = 64;        // blocks up to ~1 KiB are cached
  static constexpr std::uint32_t max_cached = 8192; // per class: bounds idle memory per thread
  // malloc keeps an 8-byte size header in front of each block and hands out chunks in steps of
  // 16 bytes, so class c holds blocks of 16 (c + 1) - 8 bytes: each fills its chunk exactly
  // (a 248-byte frame takes a 256-byte chunk, not the 272 that rounding it up to 256 would).
  static constexpr std::size_t header = 8;
  static constexpr std::size_t class_of(std::size_t n) noexcept {
    return (n + header - 1) / granule;
  }
  static constexpr std::size_t block_size(std::size_t c) noexcept {
    return (c + 1) * granule - header;
  }

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
#if !CONCUR_DETAIL_ASAN
  const std::size_t c = frame_cache_lists::class_of(n);
  if (c < frame_cache_lists::classes) {
    auto &fc = frame_cache;
    if (auto *b = fc.heads[c]) {
      fc.heads[c] = b->next;
      --fc.counts[c];
      return b;
    }
    return ::operator new(frame_cache_lists::block_size(c));
  }
#endif
  return ::operator new(n);
}

inline void frame_deallocate(void *p, std::size_t n) noexcept {
#if !CONCUR_DETAIL_ASAN
  const std::size_t c = frame_cache_lists::class_of(n);
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
