//===--- PoolHops.cpp - concur --------------------------------------------===//

#include "analysis/coroutines/PoolHops.h"
#include "analysis/ast/QualifiedNames.h"

namespace clang::tidy::concur {

PoolHops::PoolHops(const std::vector<std::string> &Items) {
  for (const std::string &Item : Items) {
    llvm::StringRef Text = Item;
    Hop H;
    if (Text.ends_with(")") && Text.contains('(')) {
      auto [Fn, Rest] = Text.split('(');
      H.Function = Fn.trim().str();
      H.FirstArgType = Rest.drop_back().trim().str();
    } else {
      H.Function = Text.str();
    }
    Hops.push_back(std::move(H));
  }
}

bool PoolHops::isHop(const Expr *Operand) const {
  const auto *Call =
      Operand ? dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens()) : nullptr;
  if (!Call || !Call->getDirectCallee())
    return false;
  std::string Name = qualifiedName(Call->getDirectCallee());
  for (const Hop &H : Hops) {
    if (!nameMatches(Name, H.Function))
      continue;
    if (H.FirstArgType.empty())
      return true;
    if (Call->getNumArgs() > 0 &&
        nameMatches(recordName(Call->getArg(0)->getType()), H.FirstArgType))
      return true;
  }
  return false;
}

} // namespace clang::tidy::concur
