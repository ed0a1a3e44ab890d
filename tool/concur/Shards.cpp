//===--- Shards.cpp - concur ----------------------------------------------===//

#include "Shards.h"
#include "Findings.h"
#include "llvm/Support/FileSystem.h"

namespace concur::tool {

std::optional<ShardSpec> parseShard(llvm::StringRef Text) {
  auto [K, N] = Text.split('/');
  ShardSpec Spec;
  if (K.getAsInteger(10, Spec.Index) || N.getAsInteger(10, Spec.Count) || Spec.Count == 0 ||
      Spec.Index == 0 || Spec.Index > Spec.Count)
    return std::nullopt;
  return Spec;
}

/// FNV-1a: tiny, and the same on every platform and run.
static uint64_t stableHash(llvm::StringRef Text) {
  uint64_t Hash = 14695981039346656037ull;
  for (unsigned char C : Text) {
    Hash ^= C;
    Hash *= 1099511628211ull;
  }
  return Hash;
}

std::vector<std::string> selectShard(const std::vector<std::string> &Files, ShardSpec Shard) {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  std::vector<std::string> Selected;
  for (const std::string &File : Files) {
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    if (stableHash(relativePath(Abs, Cwd)) % Shard.Count == Shard.Index - 1)
      Selected.push_back(File);
  }
  return Selected;
}

} // namespace concur::tool
