//===--- AdviceRecords.cpp - concur ---------------------------------------===//

#include "analysis/advice/AdviceRecords.h"
#include "clang/Basic/FileManager.h"
#include <mutex>

namespace clang::tidy::concur {

namespace {
struct Registry {
  std::mutex Mutex;
  bool Collecting = false;
  std::vector<AdviceRecord> Records;
};
Registry &registry() {
  static Registry R;
  return R;
}
} // namespace

AdviceCollector::AdviceCollector() {
  Registry &R = registry();
  std::lock_guard<std::mutex> Lock(R.Mutex);
  R.Collecting = true;
  R.Records.clear();
}

AdviceCollector::~AdviceCollector() {
  Registry &R = registry();
  std::lock_guard<std::mutex> Lock(R.Mutex);
  R.Collecting = false;
  R.Records.clear();
}

std::vector<AdviceRecord> AdviceCollector::take() {
  Registry &R = registry();
  std::lock_guard<std::mutex> Lock(R.Mutex);
  return std::move(R.Records);
}

void AdviceCollector::publish(const SourceManager &SM, SourceLocation Loc, Model Recommended,
                              std::string Reason) {
  Registry &R = registry();
  std::lock_guard<std::mutex> Lock(R.Mutex);
  if (!R.Collecting)
    return;
  // Where clang-tidy's diagnostic renderer puts the diagnostic: the file
  // location (a macro's expansion), by the name the file was opened with.
  SourceLocation FileLoc = SM.getFileLoc(Loc);
  AdviceRecord Record;
  Record.File = SM.getFilename(FileLoc).str();
  Record.Offset = SM.getFileOffset(FileLoc);
  if (auto Cwd = SM.getFileManager().getVirtualFileSystem().getCurrentWorkingDirectory())
    Record.Directory = *Cwd;
  Record.Recommended = Recommended;
  Record.Reason = std::move(Reason);
  R.Records.push_back(std::move(Record));
}

} // namespace clang::tidy::concur
