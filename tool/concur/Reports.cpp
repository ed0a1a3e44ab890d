//===--- Reports.cpp - concur ---------------------------------------------===//

#include "Reports.h"
#include "CheckDocUrls.h"
#include "Version.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include <map>

namespace concur::tool {

using nlohmann::json;

static json jsonPosition(const Position &P, llvm::StringRef BaseDir) {
  return {{"file", relativePath(P.File, BaseDir)}, {"line", P.Line}, {"column", P.Column}};
}

json jsonReport(const std::vector<Finding> &Findings, llvm::StringRef BaseDir) {
  json Out = {{"version", 1},
              {"tool", {{"name", "concur"}, {"version", CONCUR_VERSION}}},
              {"findings", json::array()}};
  for (const Finding &F : Findings) {
    json J = {{"check", F.Check}, {"severity", F.Severity}, {"message", F.Message}};
    J.update(jsonPosition(F.Where, BaseDir));
    J["notes"] = json::array();
    for (const Note &N : F.Notes) {
      json JN = {{"message", N.Message}};
      JN.update(jsonPosition(N.Where, BaseDir));
      J["notes"].push_back(std::move(JN));
    }
    J["fixes"] = json::array();
    for (const Replacement &R : F.Fixes)
      J["fixes"].push_back({{"file", relativePath(R.Start.File, BaseDir)},
                            {"offset", R.Start.Offset},
                            {"length", R.Length},
                            {"line", R.Start.Line},
                            {"column", R.Start.Column},
                            {"end_line", R.End.Line},
                            {"end_column", R.End.Column},
                            {"replacement", R.Text}});
    J["fingerprint"] = F.Fingerprint;
    Out["findings"].push_back(std::move(J));
  }
  return Out;
}

/// file:///abs/dir/ for SARIF's originalUriBaseIds.
static std::string directoryUri(llvm::StringRef Dir) {
  llvm::SmallString<256> Abs(Dir);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  std::string Uri = "file://" + std::string(Abs);
  if (Uri.back() != '/')
    Uri += '/';
  return Uri;
}

static json artifactLocation(const std::string &File, llvm::StringRef BaseDir) {
  std::string Relative = relativePath(File, BaseDir);
  if (Relative != File)
    return {{"uri", Relative}, {"uriBaseId", "SRCROOT"}};
  return {{"uri", "file://" + File}};
}

static json physicalLocation(const Position &P, llvm::StringRef BaseDir) {
  json Region = {{"startLine", std::max(P.Line, 1u)}};
  if (P.Column > 0)
    Region["startColumn"] = P.Column;
  return {{"artifactLocation", artifactLocation(P.File, BaseDir)}, {"region", Region}};
}

/// "concur-blocking-call-in-coroutine" -> "BlockingCallInCoroutine".
static std::string ruleName(llvm::StringRef Check) {
  Check.consume_front("concur-");
  std::string Name;
  bool Upper = true;
  for (char C : Check) {
    if (C == '-') {
      Upper = true;
      continue;
    }
    Name += Upper ? static_cast<char>(toupper(C)) : C;
    Upper = false;
  }
  return Name;
}

json sarifReport(const std::vector<Finding> &Findings, const std::vector<std::string> &Checks,
                 llvm::StringRef BaseDir, const std::vector<std::string> &Failures) {
  std::vector<std::string> RuleIds = Checks;
  for (const Finding &F : Findings)
    if (std::find(RuleIds.begin(), RuleIds.end(), F.Check) == RuleIds.end())
      RuleIds.push_back(F.Check);
  json Rules = json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const std::string &Id : RuleIds) {
    llvm::StringRef Doc = checkDocumentation(Id);
    std::string Summary = Doc.empty() ? Id : summaryOf(Doc);
    json Rule = {{"id", Id},
                 {"name", ruleName(Id)},
                 {"shortDescription", {{"text", Summary}}},
                 {"fullDescription", {{"text", Summary}}},
                 {"defaultConfiguration", {{"level", "warning"}}}};
    if (!Doc.empty())
      Rule["help"] = {{"text", Summary}, {"markdown", Doc.str()}};
    if (std::optional<std::string> Url = checkDocUrl(Id))
      Rule["helpUri"] = *Url;
    RuleIndex[Id] = Rules.size();
    Rules.push_back(std::move(Rule));
  }

  json Results = json::array();
  for (const Finding &F : Findings) {
    json Result = {
        {"ruleId", F.Check},
        {"ruleIndex", RuleIndex[F.Check]},
        {"level", F.Severity == "error" ? "error" : "warning"},
        {"message", {{"text", F.Message}}},
        {"locations", json::array({{{"physicalLocation", physicalLocation(F.Where, BaseDir)}}})},
        {"partialFingerprints", {{"concurFingerprint/v1", F.Fingerprint}}}};
    if (!F.Notes.empty()) {
      json Related = json::array();
      int Id = 1;
      for (const Note &N : F.Notes)
        Related.push_back({{"id", Id++},
                           {"message", {{"text", N.Message}}},
                           {"physicalLocation", physicalLocation(N.Where, BaseDir)}});
      Result["relatedLocations"] = std::move(Related);
    }
    if (!F.Fixes.empty()) {
      std::map<std::string, json> ByFile;
      for (const Replacement &R : F.Fixes) {
        json Deleted = {{"startLine", R.Start.Line},
                        {"startColumn", R.Start.Column},
                        {"endLine", R.End.Line},
                        {"endColumn", R.End.Column}};
        ByFile[R.Start.File].push_back(
            {{"deletedRegion", Deleted}, {"insertedContent", {{"text", R.Text}}}});
      }
      json Changes = json::array();
      for (auto &[File, Replacements] : ByFile)
        Changes.push_back({{"artifactLocation", artifactLocation(File, BaseDir)},
                           {"replacements", Replacements}});
      Result["fixes"] = json::array(
          {{{"description", {{"text", "Apply the concur fix-it"}}}, {"artifactChanges", Changes}}});
    }
    Results.push_back(std::move(Result));
  }

  json Run = {{"tool",
               {{"driver",
                 {{"name", "concur"},
                  {"version", CONCUR_VERSION},
                  {"semanticVersion", CONCUR_VERSION},
                  {"rules", Rules}}}}},
              {"originalUriBaseIds", {{"SRCROOT", {{"uri", directoryUri(BaseDir)}}}}},
              {"results", Results}};
  json Invocation = {{"executionSuccessful", Failures.empty()}};
  if (!Failures.empty()) {
    json Notifications = json::array();
    for (const std::string &Failure : Failures)
      Notifications.push_back({{"level", "error"}, {"message", {{"text", Failure}}}});
    Invocation["toolExecutionNotifications"] = std::move(Notifications);
  }
  Run["invocations"] = json::array({std::move(Invocation)});
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({Run})}};
}

std::string closingSummary(const std::vector<Finding> &Findings, size_t Files, bool AgainstBaseline,
                           double Seconds) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (Findings.empty())
    OS << "no findings";
  else
    OS << Findings.size() << (Findings.size() == 1 ? " finding" : " findings");
  OS << " in " << Files << (Files == 1 ? " file" : " files")
     << (AgainstBaseline ? " not in the baseline" : "");
  size_t Fixable = llvm::count_if(Findings, [](const Finding &F) { return !F.Fixes.empty(); });
  if (Fixable)
    OS << ", " << Fixable << " fixable";
  OS << ", " << llvm::format("%.1f", Seconds) << " s";
  std::map<std::string, size_t> PerCheck;
  for (const Finding &F : Findings)
    ++PerCheck[F.Check];
  if (!PerCheck.empty()) {
    OS << " (";
    bool First = true;
    for (const auto &[Check, N] : PerCheck) {
      OS << (First ? "" : ", ") << N << " " << Check;
      First = false;
    }
    OS << ")";
  }
  return Out;
}

} // namespace concur::tool
