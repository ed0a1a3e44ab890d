//===--- CheckDocUrls.cpp - concur ----------------------------------------===//

#include "CheckDocUrls.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

namespace concur::tool {

namespace {
std::string fileUri(llvm::StringRef Path) {
  std::string Uri = "file://";
  for (char C : Path) {
    // RFC 3986 unreserved characters and '/' stay; the rest is percent-encoded.
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C)) {
      Uri += C;
      continue;
    }
    static const char Hex[] = "0123456789ABCDEF";
    Uri += '%';
    Uri += Hex[static_cast<unsigned char>(C) >> 4];
    Uri += Hex[static_cast<unsigned char>(C) & 15];
  }
  return Uri;
}

std::string joinUrl(llvm::StringRef Base, llvm::StringRef Check) {
  Base = Base.rtrim('/');
  return (Base + "/" + Check + ".md").str();
}

/// The page under \p Dir, when it exists.
std::optional<std::string> pageIn(llvm::StringRef Dir, llvm::StringRef Check) {
  llvm::SmallString<256> Page(Dir);
  llvm::sys::path::append(Page, Check + ".md");
  if (!llvm::sys::fs::exists(Page))
    return std::nullopt;
  llvm::sys::fs::make_absolute(Page);
  llvm::sys::path::remove_dots(Page, /*remove_dot_dot=*/true);
  return fileUri(Page);
}
} // namespace

std::optional<std::string> checkDocUrl(llvm::StringRef Check) {
  if (!Check.starts_with("concur-"))
    return std::nullopt;
  if (const char *Base = std::getenv("CONCUR_DOCS_URL"); Base && *Base)
    return joinUrl(Base, Check);
  if (llvm::StringRef(CONCUR_DOCS_URL).size())
    return joinUrl(CONCUR_DOCS_URL, Check);
  // The running binary (from /proc/self/exe; the name is only a fallback).
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable("concur", &Anchor);
  if (!Exe.empty()) {
    llvm::SmallString<256> Installed(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
    llvm::sys::path::append(Installed, "share", "doc", "concur", "checks");
    if (auto Page = pageIn(Installed, Check))
      return Page;
  }
  return pageIn(CONCUR_SOURCE_DOCS_DIR, Check);
}

} // namespace concur::tool
