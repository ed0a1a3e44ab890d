//===--- BlockingCallFixes.cpp - concur -----------------------------------===//

#include "BlockingCallFixes.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/blocking/CallConditions.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::concur {

namespace {
/// Where a call sits in its statement, as far as rewriting it matters.
struct CallContext {
  bool Discarded = false;  // the value is thrown away: `f();`
  bool NeedsParens = true; // `co_await x` must be parenthesised here
};
} // namespace

static bool isTransparent(const DynTypedNode &N) {
  return N.get<ExprWithCleanups>() || N.get<ImplicitCastExpr>() || N.get<CXXBindTemporaryExpr>() ||
         N.get<MaterializeTemporaryExpr>() || N.get<ConstantExpr>();
}

static CallContext contextOf(const Expr *Call, ASTContext &Ctx) {
  CallContext Result;
  DynTypedNodeList Parents = Ctx.getParents(*Call);
  const Stmt *Child = Call;
  while (Parents.size() == 1 && isTransparent(Parents[0])) {
    Child = Parents[0].get<Stmt>();
    Parents = Ctx.getParents(Parents[0]);
  }
  if (Parents.size() != 1)
    return Result;
  const DynTypedNode &P = Parents[0];
  if (P.get<CompoundStmt>()) {
    Result.Discarded = true;
    Result.NeedsParens = false;
    return Result;
  }
  if (P.get<Decl>() || P.get<ParenExpr>() || P.get<InitListExpr>()) {
    Result.NeedsParens = false;
    return Result;
  }
  if (const auto *Parent = P.get<CallExpr>()) {
    // An argument is delimited by commas; the callee is not.
    Result.NeedsParens =
        Parent->getCallee()->IgnoreImplicit() == Child || isa<CXXOperatorCallExpr>(Parent);
    return Result;
  }
  if (P.get<CXXConstructExpr>()) {
    Result.NeedsParens = false;
    return Result;
  }
  if (P.get<Stmt>() && !P.get<Expr>()) // if/while/switch conditions, co_return
    Result.NeedsParens = false;
  return Result;
}

static std::optional<std::string> textOf(SourceRange Range, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(Range), SM, Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

static std::string parenthesise(std::string Text, const CallContext &Where) {
  return Where.NeedsParens ? "(" + Text + ")" : Text;
}

std::optional<BlockingCallFix> makeBlockingCallFix(const Expr *Call, FixKind Kind,
                                                   llvm::StringRef UserReplacement,
                                                   const FixSpellings &Spellings, ASTContext &Ctx) {
  if (Kind == FixKind::None || !isa<CallExpr>(Call))
    return std::nullopt; // Constructors declare variables: no expression to wrap.
  if (containsSuspension(Call))
    return std::nullopt; // co_await cannot move into the offloaded lambda.
  std::optional<std::string> Whole = textOf(Call->getSourceRange(), Ctx);
  if (!Whole)
    return std::nullopt;
  CallContext Where = contextOf(Call, Ctx);
  llvm::SmallVector<const Expr *, 8> Args = explicitArguments(Call);

  auto Sleep = [&](llvm::StringRef Fn, llvm::StringRef Unit) -> std::optional<std::string> {
    if (!Where.Discarded || Args.size() != 1)
      return std::nullopt;
    std::optional<std::string> Arg = textOf(Args[0]->getSourceRange(), Ctx);
    if (!Arg)
      return std::nullopt;
    std::string Duration = Unit.empty() ? *Arg : (Unit + "(" + *Arg + ")").str();
    return "co_await " + Fn.str() + "(" + Duration + ")";
  };

  std::optional<std::string> Text;
  bool RuntimeHeader = true;
  switch (Kind) {
  case FixKind::SleepDuration:
    Text = Sleep(Spellings.Sleep, "");
    break;
  case FixKind::SleepSeconds:
    Text = Sleep(Spellings.Sleep, "std::chrono::seconds");
    break;
  case FixKind::SleepMilliseconds:
    Text = Sleep(Spellings.Sleep, "std::chrono::milliseconds");
    break;
  case FixKind::SleepMicroseconds:
    Text = Sleep(Spellings.Sleep, "std::chrono::microseconds");
    break;
  case FixKind::SleepUntil:
    Text = Sleep(Spellings.SleepUntil, "");
    break;
  case FixKind::Replace: {
    const auto *CE = cast<CallExpr>(Call);
    if (isa<CXXMemberCallExpr, CXXOperatorCallExpr>(CE) || UserReplacement.empty())
      break;
    std::string ArgText;
    if (!Args.empty()) {
      std::optional<std::string> A =
          textOf(SourceRange(Args.front()->getBeginLoc(), Args.back()->getEndLoc()), Ctx);
      if (!A)
        break;
      ArgText = *A;
    }
    Text = parenthesise("co_await " + UserReplacement.str() + "(" + ArgText + ")", Where);
    RuntimeHeader = false;
    break;
  }
  default:
    break;
  }
  if (!Text && Kind != FixKind::Replace) {
    // Offload: the call runs on the blocking pool and the coroutine resumes
    // with its result. A reference result would dangle or fail to copy, so
    // only values and discarded results are offloaded.
    if (Where.Discarded) {
      Text = "co_await " + Spellings.Offload + "([&] { " + *Whole + "; })";
    } else if (Call->isPRValue() && !Call->getType()->isVoidType()) {
      Text =
          parenthesise("co_await " + Spellings.Offload + "([&] { return " + *Whole + "; })", Where);
    }
  }
  if (!Text)
    return std::nullopt;
  BlockingCallFix Fix{
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Call->getSourceRange()), *Text),
      RuntimeHeader};
  return Fix;
}

} // namespace clang::tidy::concur
