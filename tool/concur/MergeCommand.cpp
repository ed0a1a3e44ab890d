//===--- MergeCommand.cpp - concur ----------------------------------------===//

#include "MergeCommand.h"
#include "ToolErrors.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concur::tool {

using nlohmann::json;

/// Appends the results of SARIF \p From to \p Into, renumbering rule indices.
static void mergeSarif(json &Into, const json &From) {
  json &Run = Into["runs"][0];
  json &Rules = Run["tool"]["driver"]["rules"];
  std::map<std::string, size_t> Index;
  for (size_t I = 0; I < Rules.size(); ++I)
    Index[Rules[I]["id"].get<std::string>()] = I;
  for (const json &Other : From["runs"]) {
    for (const json &Rule : Other["tool"]["driver"].value("rules", json::array()))
      if (!Index.count(Rule["id"].get<std::string>())) {
        Index[Rule["id"].get<std::string>()] = Rules.size();
        Rules.push_back(Rule);
      }
    for (json Result : Other.value("results", json::array())) {
      Result["ruleIndex"] = Index[Result["ruleId"].get<std::string>()];
      Run["results"].push_back(std::move(Result));
    }
  }
}

int runMergeCommand(int argc, const char **argv) {
  std::string Output;
  std::vector<std::string> Inputs;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if ((Arg == "-o" || Arg == "--output") && I + 1 < argc)
      Output = argv[++I];
    else if (Arg.consume_front("--output="))
      Output = Arg.str();
    else if (Arg == "--help" || Arg == "-h") {
      llvm::outs() << "USAGE: concur merge [-o out] <report.json|report.sarif>...\n\n"
                      "Combines the reports of sharded runs (all JSON or all SARIF).\n";
      return ExitClean;
    } else if (Arg.starts_with("-"))
      return usageError("unknown option '" + Arg + "' for merge; see 'concur merge --help'");
    else
      Inputs.push_back(Arg.str());
  }
  if (Inputs.empty())
    return usageError("no reports to merge; name the JSON or SARIF files of each shard");

  json Merged;
  std::string Kind;
  for (const std::string &Path : Inputs) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer)
      return usageError("cannot read '" + Path + "': " + Buffer.getError().message());
    json Doc =
        json::parse((*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(), nullptr, false);
    std::string ThisKind = Doc.is_object() && Doc.contains("runs")       ? "sarif"
                           : Doc.is_object() && Doc.contains("findings") ? "json"
                                                                         : "";
    if (ThisKind.empty())
      return usageError("'" + Path +
                        "' is not a concur JSON or SARIF report; write reports "
                        "with --format=json or --format=sarif");
    if (!Kind.empty() && ThisKind != Kind)
      return usageError("'" + Path + "' is " + ThisKind + " but earlier reports are " + Kind +
                        "; merge reports of one format");
    if (Kind.empty()) {
      Kind = ThisKind;
      Merged = std::move(Doc);
      if (Kind == "sarif" && Merged["runs"].size() > 1) { // Fold extra runs into the first.
        json Extra = Merged;
        Extra["runs"].erase(0);
        Merged["runs"] = json::array({Merged["runs"][0]});
        mergeSarif(Merged, Extra);
      }
      continue;
    }
    if (Kind == "json")
      for (json &F : Doc["findings"])
        Merged["findings"].push_back(std::move(F));
    else
      mergeSarif(Merged, Doc);
  }
  std::string Text = Merged.dump(2) + "\n";
  return writeReport(Text, Output);
}

} // namespace concur::tool
