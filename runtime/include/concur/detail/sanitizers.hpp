#pragma once
// Which sanitizer this translation unit is built with, for GCC (__SANITIZE_*__) and Clang
// (__has_feature) alike: CONCUR_DETAIL_ASAN and CONCUR_DETAIL_TSAN are 1 or 0.

#if defined(__SANITIZE_ADDRESS__)
#define CONCUR_DETAIL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONCUR_DETAIL_ASAN 1
#endif
#endif
#ifndef CONCUR_DETAIL_ASAN
#define CONCUR_DETAIL_ASAN 0
#endif

#if defined(__SANITIZE_THREAD__)
#define CONCUR_DETAIL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CONCUR_DETAIL_TSAN 1
#endif
#endif
#ifndef CONCUR_DETAIL_TSAN
#define CONCUR_DETAIL_TSAN 0
#endif
