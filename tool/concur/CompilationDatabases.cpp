//===--- CompilationDatabases.cpp - concur --------------------------------===//

#include "CompilationDatabases.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>

namespace concur::tool {

using clang::tooling::CompilationDatabase;
using clang::tooling::FixedCompilationDatabase;

static llvm::Error inputError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

llvm::Expected<LoadedDatabase> loadCompilationDatabase(const DatabaseRequest &Request) {
  LoadedDatabase Result;
  if (Request.FlagsAfterDashDash) {
    Result.Database = std::make_unique<FixedCompilationDatabase>(".", *Request.FlagsAfterDashDash);
    Result.Origin = "the flags after '--'";
    return Result;
  }
  if (!Request.BuildPath.empty()) {
    if (!llvm::sys::fs::is_directory(Request.BuildPath))
      return inputError("build directory '" + Request.BuildPath +
                        "' does not exist; pass the directory that holds compile_commands.json");
    std::string Why;
    std::unique_ptr<CompilationDatabase> DB =
        CompilationDatabase::loadFromDirectory(Request.BuildPath, Why);
    llvm::SmallString<256> JsonPath(Request.BuildPath);
    llvm::sys::path::append(JsonPath, "compile_commands.json");
    if (!DB && llvm::sys::fs::exists(JsonPath)) {
      // There, but not a database: say what is wrong with it, not that it is missing.
      std::string JsonWhy;
      if (!clang::tooling::JSONCompilationDatabase::loadFromFile(
              JsonPath, JsonWhy, clang::tooling::JSONCommandLineSyntax::AutoDetect))
        return inputError("'" + JsonPath.str().str() + "' is not a valid compile database (" +
                          (JsonWhy.empty() ? std::string("empty") : JsonWhy) +
                          "); regenerate it with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON (or bear)");
    }
    if (!DB)
      return inputError("no compile_commands.json in '" + Request.BuildPath +
                        "'; configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "
                        "(or use bear), or pass compiler flags after '--'");
    // Headers and new files get the command of their closest sibling.
    Result.Database = clang::tooling::inferMissingCompileCommands(std::move(DB));
    Result.Origin = "compile_commands.json in '" + Request.BuildPath + "'";
    return Result;
  }
  if (!Request.Files.empty()) {
    std::string Why;
    llvm::SmallString<256> First(Request.Files.front());
    llvm::sys::fs::make_absolute(First);
    if (auto DB = CompilationDatabase::autoDetectFromSource(First, Why)) {
      Result.Database = clang::tooling::inferMissingCompileCommands(std::move(DB));
      Result.Origin = "the compile_commands.json found above '" + Request.Files.front() + "'";
      return Result;
    }
  }
  // No database anywhere: coroutines need C++20, so assume it.
  Result.Database =
      std::make_unique<FixedCompilationDatabase>(".", std::vector<std::string>{"-std=c++20"});
  Result.Origin = "'-std=c++20' (no compile_commands.json found)";
  Result.IsFallback = true;
  return Result;
}

static bool isHeader(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" || Ext == ".inc";
}

/// C, C++ and Objective-C sources: what the analysis can parse. A database
/// also lists assembly (.S, .s, .asm), CUDA (.cu), resources (.rc) and more.
static bool isAnalysable(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".c++" ||
         Ext == ".cp" || Ext == ".C" || Ext == ".m" || Ext == ".mm" || Ext == ".ixx" ||
         Ext == ".cppm";
}

std::vector<std::string> sourceFilesOf(const CompilationDatabase &Database,
                                       std::vector<std::string> *Skipped) {
  std::vector<std::string> Files;
  for (const std::string &File : Database.getAllFiles()) {
    if (isHeader(File))
      continue;
    if (isAnalysable(File))
      Files.push_back(File);
    else if (Skipped)
      Skipped->push_back(File);
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

std::string describeSkipped(const std::vector<std::string> &Skipped) {
  std::map<std::string, unsigned> ByExtension;
  for (const std::string &File : Skipped)
    ++ByExtension[llvm::sys::path::extension(File).str()];
  std::string Kinds;
  for (const auto &[Ext, Count] : ByExtension)
    Kinds += (Kinds.empty() ? "" : ", ") + std::to_string(Count) + " " +
             (Ext.empty() ? std::string("without an extension") : Ext);
  return "skipped " + std::to_string(Skipped.size()) + " compile_commands.json entr" +
         (Skipped.size() == 1 ? "y" : "ies") + (Skipped.size() == 1 ? " that is" : " that are") +
         std::string(" not C or C++ (") + Kinds + ")";
}

} // namespace concur::tool
