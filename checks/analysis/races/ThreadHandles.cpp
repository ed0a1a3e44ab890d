//===--- ThreadHandles.cpp - concur ---------------------------------------===//

#include "analysis/races/ThreadHandles.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::concur {

std::string handleKey(const Expr *E, const PathBuilder &Paths) {
  if (!E)
    return "";
  E = E->IgnoreParens();
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
      Cast && Cast->getCastKind() == CK_LValueToRValue)
    E = Cast->getSubExpr();
  // threads.back().join(), threads.at(i).join(): the container holds the thread.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts()))
    if (Member->getImplicitObjectArgument() &&
        !Member->getImplicitObjectArgument()->getType()->isPointerType())
      return handleKey(Member->getImplicitObjectArgument(), Paths);
  std::optional<AccessPath> P = E->getType()->isPointerType() ? Paths.pointee(E) : Paths.lvalue(E);
  if (!P)
    return "";
  const ValueDecl *D = P->namedDecl();
  if (!D)
    return "";
  return declKey(D);
}

void placeHandle(StartFact &Fact, ASTContext &Ctx, const PathBuilder &Paths) {
  const ThreadStart &S = Fact.Start;
  if (S.PthreadHandle) {
    Fact.HandleKey = handleKey(S.PthreadHandle, Paths);
    return;
  }
  if (S.Container) {
    Fact.HandleKey = handleKey(S.Container, Paths);
    return;
  }
  DynTypedNode Node = DynTypedNode::create(*S.Call);
  for (int Depth = 0; Depth < 12; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.size() != 1)
      break;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *V = Parent.get<VarDecl>()) {
      Fact.HandleKey = declKey(V);
      return;
    }
    if (const auto *Init = Parent.get<CXXCtorInitializer>()) {
      if (Init->getMember())
        Fact.HandleKey = declKey(Init->getMember());
      return;
    }
    if (const auto *E = Parent.get<Expr>()) {
      if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
              ParenExpr, CXXFunctionalCastExpr, CXXConstructExpr>(E)) {
        Node = Parent;
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E); Op && Op->getOperator() == OO_Equal) {
        Fact.HandleKey = handleKey(Op->getArg(0), Paths);
        return;
      }
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
        // threads.push_back(std::thread(f)), futures.push_back(std::async(g))
        Fact.HandleKey = handleKey(Member->getImplicitObjectArgument(), Paths);
        return;
      }
      if (isa<MemberExpr>(E)) {
        // std::thread(f).detach(), std::async(g).get()
        DynTypedNodeList Up = Ctx.getParents(Parent);
        const auto *Call = Up.size() == 1 ? Up[0].get<CXXMemberCallExpr>() : nullptr;
        llvm::StringRef Name = Call ? identifierName(Call->getMethodDecl()) : llvm::StringRef();
        if (Name == "join" || Name == "get" || Name == "wait")
          Fact.JoinsAtOnce = true;
        else
          Fact.Escapes = true;
        return;
      }
      break;
    }
    if (Parent.get<ReturnStmt>()) {
      Fact.Escapes = true;
      return;
    }
    if (Parent.get<Stmt>()) {
      // Discarded: std::async's future waits at the end of the statement;
      // a pool's future does not.
      if (S.K == ThreadStart::Kind::Async)
        Fact.JoinsAtOnce = true;
      else
        Fact.Escapes = true;
      return;
    }
    break;
  }
  Fact.Escapes = true;
}

} // namespace clang::tidy::concur
