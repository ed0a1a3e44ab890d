//===--- AdviceReport.cpp - concur ----------------------------------------===//

#include "AdviceReport.h"
#include "CheckDocUrls.h"
#include "Version.h"
#include "analysis/advice/AdviceRecords.h"
#include "llvm/ADT/StringRef.h"

namespace concur::tool {

using clang::tidy::concur::AdviceRecord;
using clang::tidy::concur::AllModels;
using clang::tidy::concur::modelToken;

AdviceReport buildAdviceReport(const std::vector<Finding> &Findings,
                               const std::vector<AdviceRecord> &Records, llvm::StringRef BaseDir) {
  AdviceReport R;
  R.BaseDir = BaseDir.str();
  for (auto M : AllModels)
    R.PerModel[modelToken(M)] = 0;
  // The check's records, by the diagnostic they belong to.
  std::map<std::pair<std::string, unsigned>, const AdviceRecord *> RecordAt;
  for (const AdviceRecord &Record : Records)
    RecordAt.try_emplace({absolutePath(Record.File, Record.Directory), Record.Offset}, &Record);
  std::map<std::string, std::array<unsigned, 3>> PerFile; // blocking, locks, races
  for (const Finding &F : Findings) {
    std::string File = relativePath(F.Where.File, BaseDir);
    if (F.Check == "concur-blocking-call-in-coroutine")
      ++PerFile[File][0], ++R.Blocking;
    else if (F.Check == "concur-lock-across-suspension")
      ++PerFile[File][1], ++R.Locks;
    else if (F.Check == "concur-unguarded-shared-state")
      ++PerFile[File][2], ++R.Races;
    if (F.Check != "concur-concurrency-model") {
      if (R.Worst.size() < 10)
        R.Worst.push_back(F);
      continue;
    }
    auto Record = RecordAt.find({F.Where.File, F.Where.Offset});
    if (Record == RecordAt.end()) { // not a recommendation: std::async in a loop, detach
      R.AntiPatterns.push_back(F);
      continue;
    }
    AdviceRow Row;
    Row.File = File;
    Row.Line = F.Where.Line;
    Row.Model = modelToken(Record->second->Recommended);
    Row.Reason = Record->second->Reason;
    for (const Note &N : F.Notes)
      Row.Evidence.push_back({relativePath(N.Where.File, BaseDir), N.Where.Line, N.Message,
                              lineTextAt(N.Where.File, N.Where.Offset)});
    ++R.PerModel[Row.Model];
    R.Rows.push_back(std::move(Row));
  }
  // Grouped by file, in the order of the code.
  std::stable_sort(R.Rows.begin(), R.Rows.end(), [](const AdviceRow &A, const AdviceRow &B) {
    return std::tie(A.File, A.Line) < std::tie(B.File, B.Line);
  });
  for (AdviceRow &Row : R.Rows) {
    auto It = PerFile.find(Row.File);
    if (It == PerFile.end())
      continue;
    Row.BlockingInFile = It->second[0];
    Row.LocksInFile = It->second[1];
    Row.RacesInFile = It->second[2];
  }
  return R;
}

static std::string escapeMarkdown(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '|')
      Out += "\\|";
    else
      Out += C;
  }
  return Out;
}

std::string renderMarkdown(const AdviceReport &R) {
  std::string Out = "# concur advise\n\n";
  Out += std::to_string(R.Rows.size()) +
         " place(s) where work fans out or a coroutine mixes in "
         "sync-only calls; " +
         std::to_string(R.Blocking) + " blocking call(s) in coroutines, " +
         std::to_string(R.Locks) + " lock(s) held across suspension, " + std::to_string(R.Races) +
         " unguarded shared access(es).\n\n";
  Out += "| Model | Sites |\n| --- | ---: |\n";
  for (auto M : AllModels)
    Out += "| `" + std::string(modelToken(M)) + "` | " +
           std::to_string(R.PerModel.at(modelToken(M))) + " |\n";
  Out += "\n## Recommendations\n\n| Where | Model | Why | Evidence | Other findings in the file |\n"
         "| --- | --- | --- | --- | --- |\n";
  for (const AdviceRow &Row : R.Rows) {
    std::string Evidence;
    for (const AdviceEvidence &E : Row.Evidence)
      Evidence += (Evidence.empty() ? "" : "<br>") + escapeMarkdown(E.text());
    Out += "| " + Row.File + ":" + std::to_string(Row.Line) + " | `" + Row.Model + "` | " +
           escapeMarkdown(Row.Reason) + " | " + Evidence + " | " +
           std::to_string(Row.BlockingInFile) + " blocking, " + std::to_string(Row.LocksInFile) +
           " locks, " + std::to_string(Row.RacesInFile) + " races |\n";
  }
  if (!R.AntiPatterns.empty()) {
    Out += "\n## Anti-patterns\n\n";
    for (const Finding &F : R.AntiPatterns)
      Out += "- " + relativePath(F.Where.File, R.BaseDir) + ":" + std::to_string(F.Where.Line) +
             ": " + F.Message + "\n";
  }
  if (!R.Worst.empty()) {
    Out += "\n## Worst findings\n\n";
    for (const Finding &F : R.Worst)
      Out += "- " + relativePath(F.Where.File, R.BaseDir) + ":" + std::to_string(F.Where.Line) +
             ": " + F.Message + " [" + F.Check + "]\n";
  }
  return Out;
}

nlohmann::json renderJson(const AdviceReport &R) {
  using nlohmann::json;
  json Rows = json::array();
  for (const AdviceRow &Row : R.Rows) {
    json Evidence = json::array();
    for (const AdviceEvidence &E : Row.Evidence)
      Evidence.push_back(E.text());
    Rows.push_back({{"file", Row.File},
                    {"line", Row.Line},
                    {"model", Row.Model},
                    {"reason", Row.Reason},
                    {"evidence", Evidence},
                    {"blocking_in_file", Row.BlockingInFile},
                    {"locks_in_file", Row.LocksInFile},
                    {"races_in_file", Row.RacesInFile}});
  }
  json Anti = json::array();
  for (const Finding &F : R.AntiPatterns)
    Anti.push_back({{"file", relativePath(F.Where.File, R.BaseDir)},
                    {"line", F.Where.Line},
                    {"message", F.Message}});
  return {{"version", 1},
          {"tool", {{"name", "concur"}, {"version", CONCUR_VERSION}}},
          {"summary",
           {{"per_model", R.PerModel},
            {"blocking_calls", R.Blocking},
            {"locks_across_suspension", R.Locks},
            {"unguarded_shared_state", R.Races}}},
          {"rows", Rows},
          {"anti_patterns", Anti}};
}

static std::string escapeHtml(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '&':
      Out += "&amp;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// A link to \p Check's page around \p Text, or \p Text when it has none.
static std::string linkToCheck(llvm::StringRef Check, const std::string &Text,
                               const char *Class = nullptr) {
  std::optional<std::string> Url = checkDocUrl(Check);
  std::string ClassAttr = Class ? std::string(" class=\"") + Class + "\"" : "";
  if (!Url)
    return "<span" + ClassAttr + ">" + Text + "</span>";
  return "<a" + ClassAttr + " href=\"" + escapeHtml(*Url) + "\">" + Text + "</a>";
}

static std::string chartOf(const AdviceReport &R) {
  unsigned Max = 1;
  for (const auto &[M, N] : R.PerModel)
    Max = std::max(Max, N);
  std::string Chart = "<svg class=\"chart\" viewBox=\"0 0 520 190\" role=\"img\" "
                      "aria-label=\"Sites per recommended model\">";
  int Y = 10;
  for (auto Each : AllModels) {
    const char *M = modelToken(Each);
    unsigned N = R.PerModel.at(M);
    unsigned Width = N * 300 / Max;
    Chart += "<text x=\"150\" y=\"" + std::to_string(Y + 20) + "\" text-anchor=\"end\">" + M +
             "</text><rect x=\"160\" y=\"" + std::to_string(Y + 6) + "\" width=\"" +
             std::to_string(std::max(Width, 1u)) + "\" height=\"20\" class=\"m-" + M +
             "\"/><text x=\"" + std::to_string(168 + Width) + "\" y=\"" + std::to_string(Y + 21) +
             "\">" + std::to_string(N) + "</text>";
    Y += 34;
  }
  return Chart + "</svg>";
}

/// One file's recommendations: a heading with the file's other findings, then
/// each site with its reason and the lines of code that decided it.
static std::string fileSection(const AdviceReport &R, size_t Begin, size_t End) {
  const AdviceRow &First = R.Rows[Begin];
  std::string Out = "<section class=\"file\"><h3><code>" + escapeHtml(First.File) +
                    "</code><span class=\"counts\">" + std::to_string(First.BlockingInFile) +
                    " blocking, " + std::to_string(First.LocksInFile) + " locks, " +
                    std::to_string(First.RacesInFile) + " races in this file</span></h3>\n";
  for (size_t I = Begin; I < End; ++I) {
    const AdviceRow &Row = R.Rows[I];
    Out += "<article class=\"rec\"><div class=\"head\"><code class=\"at\">line " +
           std::to_string(Row.Line) + "</code>" +
           linkToCheck("concur-concurrency-model", Row.Model, ("tag m-" + Row.Model).c_str()) +
           "</div><p class=\"why\">" + escapeHtml(Row.Reason) + "</p>";
    if (!Row.Evidence.empty()) {
      Out += "<ul class=\"evidence\">";
      for (const AdviceEvidence &E : Row.Evidence) {
        Out += "<li><code class=\"at\">" + escapeHtml(E.File) + ":" + std::to_string(E.Line) +
               "</code> " + escapeHtml(E.Message);
        if (!E.Code.empty())
          Out += "<pre><code>" + escapeHtml(E.Code) + "</code></pre>";
        Out += "</li>";
      }
      Out += "</ul>";
    }
    Out += "</article>\n";
  }
  return Out + "</section>\n";
}

std::string renderHtml(const AdviceReport &R) {
  std::string Files;
  for (size_t Begin = 0, End; Begin < R.Rows.size(); Begin = End) {
    End = Begin + 1;
    while (End < R.Rows.size() && R.Rows[End].File == R.Rows[Begin].File)
      ++End;
    Files += fileSection(R, Begin, End);
  }
  std::string Anti;
  for (const Finding &F : R.AntiPatterns)
    Anti += "<li><code class=\"at\">" + escapeHtml(relativePath(F.Where.File, R.BaseDir)) + ":" +
            std::to_string(F.Where.Line) + "</code> " + escapeHtml(F.Message) + "</li>";
  std::string Worst;
  for (const Finding &F : R.Worst)
    Worst += "<li><code class=\"at\">" + escapeHtml(relativePath(F.Where.File, R.BaseDir)) + ":" +
             std::to_string(F.Where.Line) + "</code> " + escapeHtml(F.Message) + " " +
             linkToCheck(F.Check, escapeHtml(F.Check), "check") + "</li>";

  return R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>concur advise</title>
<style>
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1.5em}
h1{margin-bottom:.2em}.summary{color:#444}.base{color:#666;font-size:90%}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:.3em .6em;
margin:.3em 0 .2em;white-space:pre-wrap}
a{color:#0b5cad}
.file{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:0 1em .4em}
.file h3{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:baseline;margin:.7em 0 .4em}
.counts{color:#666;font-weight:normal;font-size:85%}
.rec{border-top:1px solid #eee;padding:.6em 0}
.head{display:flex;flex-wrap:wrap;gap:.6em;align-items:center}
.why{margin:.35em 0}
ul{margin:0;padding-left:1.2em}li{margin:.25em 0}
.at{color:#555}
.tag{padding:.1em .55em;border-radius:.8em;color:#fff;font-size:90%;white-space:nowrap;
text-decoration:none}
.check{font-size:85%;color:#666;white-space:nowrap}
.chart{width:520px;max-width:100%;font-size:13px}
.m-event-loop{fill:#2b7bb9;background:#2b7bb9}.m-event-loop\+offload{fill:#6a4fb3;background:#6a4fb3}
.m-thread-pool{fill:#d9822b;background:#d9822b}.m-cpu-pool{fill:#2f9e44;background:#2f9e44}
.m-process-pool{fill:#c92a2a;background:#c92a2a}
</style></head><body>
<h1>concur advise</h1>
<p class="summary">)" +
         std::to_string(R.Rows.size()) + " recommendation(s); " + std::to_string(R.Blocking) +
         " blocking call(s) in coroutines, " + std::to_string(R.Locks) +
         " lock(s) held across suspension, " + std::to_string(R.Races) +
         " unguarded shared access(es).</p>\n<p class=\"base\">Paths are relative to <code>" +
         escapeHtml(R.BaseDir) + "</code>.</p>\n<h2>Sites per model</h2>\n" + chartOf(R) +
         "\n<h2>Recommendations</h2>\n" +
         (Files.empty() ? "<p>None: no work fans out and no coroutine mixes in sync-only "
                          "calls.</p>\n"
                        : Files) +
         (Anti.empty() ? "" : "<h2>Anti-patterns</h2><ul>" + Anti + "</ul>\n") +
         (Worst.empty() ? "" : "<h2>Worst findings</h2><ul>" + Worst + "</ul>\n") +
         "<p><small>concur " CONCUR_VERSION "</small></p>\n</body></html>\n";
}

} // namespace concur::tool
