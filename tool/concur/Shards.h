//===--- Shards.h - concur --------------------------------------*- C++ -*-===//
//
// --shard K/N: a stable part of the files, so a CI matrix of N jobs covers
// every file exactly once. A file's shard depends only on its path (relative
// to the current directory), not on which other files exist, so adding a
// file does not move the others.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_SHARDS_H
#define CONCUR_TOOL_SHARDS_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace concur::tool {

struct ShardSpec {
  unsigned Index; // 1-based K
  unsigned Count; // N
};

std::optional<ShardSpec> parseShard(llvm::StringRef Text);
std::vector<std::string> selectShard(const std::vector<std::string> &Files, ShardSpec Shard);

} // namespace concur::tool

#endif
