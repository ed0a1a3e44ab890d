//===--- SharedAccesses.cpp - concur --------------------------------------===//

#include "SharedAccesses.h"
#include "QualifiedNames.h"
#include "ReachableFunctions.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::concur {

namespace {

/// The locks held at one point of a function, and who holds them: a guard
/// variable ("g<ptr>") or the code that called lock() by hand ("m<path>").
struct LockState {
  struct Entry {
    std::string Holder;
    HeldLock Lock;
  };
  std::vector<Entry> Held;
  bool Unreachable = false;

  Lockset current() const {
    Lockset L;
    for (const Entry &E : Held)
      L.add(E.Lock);
    return L;
  }
  void acquire(std::string Holder, HeldLock Lock) {
    Held.push_back({std::move(Holder), std::move(Lock)});
  }
  void releaseHolder(llvm::StringRef Holder) {
    llvm::erase_if(Held, [&](const Entry &E) { return E.Holder == Holder; });
  }
  void releaseMutex(const AccessPath &Mutex) {
    llvm::erase_if(Held, [&](const Entry &E) { return E.Lock.Mutex == Mutex; });
  }
  /// After a branch: the locks held on both paths.
  static LockState merge(const LockState &A, const LockState &B) {
    if (A.Unreachable)
      return B;
    if (B.Unreachable)
      return A;
    LockState R;
    for (const Entry &E : A.Held)
      for (const Entry &F : B.Held)
        if (E.Holder == F.Holder && E.Lock.Mutex == F.Lock.Mutex) {
          R.Held.push_back(E);
          break;
        }
    return R;
  }
};

/// A non-const member of a library class that only hands out access
/// (std::map::at, find, begin, front, data, ...): calling it is a read.
bool isNonMutatingAccessor(const CXXMethodDecl *MD) {
  static const llvm::StringSet<> Names = {
      "at",     "find",     "begin",  "end",      "rbegin",      "rend",        "cbegin",
      "cend",   "front",    "back",   "data",     "lower_bound", "upper_bound", "equal_range",
      "count",  "size",     "empty",  "contains", "c_str",       "get",         "value",
      "length", "capacity", "substr", "compare",  "starts_with", "ends_with"};
  if (!MD->getASTContext().getSourceManager().isInSystemHeader(MD->getLocation()))
    return false;
  return Names.contains(identifierName(MD));
}

std::string holderOf(const VarDecl *Guard) {
  return "g" + std::to_string(reinterpret_cast<uintptr_t>(Guard));
}

const Expr *stripMove(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && Call->getNumArgs() == 1) {
      std::string Name = qualifiedName(Callee);
      if (Name == "std::move" || Name == "std::forward")
        return Call->getArg(0);
    }
  return E;
}

bool isMoveCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  return Call && Call->getDirectCallee() && qualifiedName(Call->getDirectCallee()) == "std::move";
}

std::string recordName(QualType T) {
  const auto *RD = T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD ? qualifiedName(RD) : std::string();
}

/// std::jthread, or a container of them: destroying it joins.
bool joinsOnDestruction(QualType T) {
  std::string Name = recordName(T);
  if (Name == "std::jthread")
    return true;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
  return Spec && Spec->getTemplateArgs().size() >= 1 &&
         Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
         recordName(Spec->getTemplateArgs()[0].getAsType()) == "std::jthread";
}

bool containsStdAsync(const Expr *E) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitCallExpr(CallExpr *C) {
      if (C->getDirectCallee() && qualifiedName(C->getDirectCallee()) == "std::async")
        Found = true;
      return !Found;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

/// A forwarding reference (T&& in a template): binds anything, modifies nothing by itself.
bool isForwardingParam(const FunctionDecl *Callee, unsigned Index) {
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern || Index >= Pattern->getNumParams())
    return false;
  QualType T = Pattern->getParamDecl(Index)->getType();
  const auto *RRef = T->getAs<RValueReferenceType>();
  return RRef && RRef->getPointeeType()->isDependentType();
}

class AccessWalker : public RecursiveASTVisitor<AccessWalker> {
  using Base = RecursiveASTVisitor<AccessWalker>;

public:
  AccessWalker(SharedAccessAnalysis &Analysis, const FunctionDecl *F, FunctionFacts &Out)
      : Analysis(Analysis), Ctx(Analysis.context()), F(F), Out(Out), Paths(*Out.Paths) {}

  void run() {
    Stmt *Body = F->getBody();
    if (!Body)
      return;
    if (auto *Coro = dyn_cast<CoroutineBodyStmt>(Body))
      Body = Coro->getBody();
    Scopes.emplace_back();
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          TraverseStmt(Init->getInit());
    TraverseStmt(Body);
    Scopes.pop_back();
  }

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  // What the function only creates runs elsewhere (or when called).
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseDecl(Decl *D) {
    if (!D || isa<TagDecl, FunctionDecl, FunctionTemplateDecl, ClassTemplateDecl>(D))
      return true;
    return Base::TraverseDecl(D);
  }
  // What is never evaluated does not run.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    return E->isPotentiallyEvaluated() ? Base::TraverseCXXTypeidExpr(E) : true;
  }

  // Control flow, for the locks.
  bool TraverseCompoundStmt(CompoundStmt *S) {
    Scopes.emplace_back();
    for (Stmt *Child : S->body())
      TraverseStmt(Child);
    for (const VarDecl *Guard : Scopes.back().Guards)
      State.releaseHolder(holderOf(Guard));
    for (const std::string &Key : Scopes.back().Joins)
      Out.Handles.push_back({Key, HandleOperation::Join, S->getRBracLoc()});
    Scopes.pop_back();
    return true;
  }
  bool TraverseIfStmt(IfStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    if (S->getConditionVariableDeclStmt())
      TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    LockState In = State;
    TraverseStmt(S->getThen());
    LockState Then = State;
    State = In;
    if (S->getElse())
      TraverseStmt(S->getElse());
    State = LockState::merge(Then, State);
    return true;
  }
  bool TraverseForStmt(ForStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    return loop(S, [&] {
      TraverseStmt(S->getCond());
      TraverseStmt(S->getBody());
      TraverseStmt(S->getInc());
    });
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    return loop(S, [&] {
      if (S->getConditionVariableDeclStmt())
        TraverseStmt(S->getConditionVariableDeclStmt());
      TraverseStmt(S->getCond());
      TraverseStmt(S->getBody());
    });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return loop(S, [&] {
      TraverseStmt(S->getBody());
      TraverseStmt(S->getCond());
    });
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    Expr *Range = S->getRangeInit();
    TraverseStmt(Range);
    std::optional<AccessPath> Elements;
    if (std::optional<AccessPath> P = Paths.lvalue(Range)) {
      record(*P, Range, false, AccessForm::Other, false);
      Elements = P->withStep({PathStep::Kind::Element});
    }
    if (const VarDecl *V = S->getLoopVariable()) {
      if (V->getType()->isReferenceType())
        Paths.setAlias(V, Elements);
      else if (Elements)
        record(*Elements, Range, false, AccessForm::Other, false);
    }
    return loop(S, [&] { TraverseStmt(S->getBody()); });
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    TraverseStmt(S->getCond());
    LockState In = State;
    TraverseStmt(S->getBody());
    State = LockState::merge(In, State);
    return true;
  }
  bool TraverseReturnStmt(ReturnStmt *S) {
    Base::TraverseReturnStmt(S);
    State.Unreachable = true;
    return true;
  }
  bool TraverseBreakStmt(BreakStmt *) {
    State.Unreachable = true;
    return true;
  }
  bool TraverseContinueStmt(ContinueStmt *) {
    State.Unreachable = true;
    return true;
  }

  // Accesses.
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      access(E->getSubExpr(), false, AccessForm::Load);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *E) {
    if (!E->isAssignmentOp())
      return true;
    access(E->getLHS(), true,
           E->isCompoundAssignmentOp() ? AccessForm::Compound : AccessForm::Store);
    // A local pointer pointed elsewhere.
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->getLHS()->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
          V && Paths.isOwn(V) && V->getType()->isPointerType())
        Paths.setAlias(V, E->getOpcode() == BO_Assign ? Paths.pointee(E->getRHS()) : std::nullopt);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) {
    if (E->isIncrementDecrementOp())
      access(E->getSubExpr(), true, AccessForm::IncDec);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (std::optional<ThreadStart> Start = Analysis.starts().recognize(E)) {
      start(*Start);
      return true;
    }
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (Ctor->isCopyOrMoveConstructor() && E->getNumArgs() >= 1 &&
        !Analysis.isThreadSafeType(E->getType())) {
      const Expr *Arg = E->getArg(0);
      bool Move = Ctor->isMoveConstructor() || isMoveCall(Arg);
      access(stripMove(Arg), Move, AccessForm::Other);
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    call(E);
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!V->isLocalVarDecl() || V->isStaticLocal())
      return true; // A static local's first initialisation is thread-safe.
    const LockModel &Locks = Analysis.locks();
    if (std::optional<LockMode> Mode = Locks.guardMode(V->getType());
        Mode && !V->getType()->isReferenceType()) {
      std::vector<const Expr *> MutexExprs;
      std::optional<LockOperation> Op = Locks.guardAcquisition(V);
      if (Op) {
        MutexExprs = Op->MutexExprs;
      } else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
                     V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr)) {
        for (const Expr *Arg : Construct->arguments()) // std::defer_lock: locked later.
          if (Locks.isMutexType(Arg->getType()))
            MutexExprs.push_back(Arg);
      }
      std::vector<HeldLock> &Held = GuardLocks[V];
      for (const Expr *M : MutexExprs)
        if (std::optional<AccessPath> P = mutexPath(M))
          Held.push_back({*P, *Mode});
      if (Op)
        for (const HeldLock &L : Held)
          State.acquire(holderOf(V), L);
      Scopes.back().Guards.push_back(V);
      return true;
    }
    if (const Expr *Init = V->getInit()) {
      if (V->getType()->isReferenceType())
        Paths.setAlias(V, Paths.lvalue(stripMove(Init)));
      else if (V->getType()->isPointerType())
        Paths.setAlias(V, Paths.pointee(Init));
    }
    if (joinsOnDestruction(V->getType()) || (recordName(V->getType()) == "std::future" &&
                                             V->getInit() && containsStdAsync(V->getInit())))
      Scopes.back().Joins.push_back(keyOfDecl(V));
    return true;
  }

private:
  struct Scope {
    std::vector<const VarDecl *> Guards;
    std::vector<std::string> Joins;
  };

  template <class Fn> bool loop(Stmt *S, Fn Body) {
    LockState In = State;
    Loops.push_back(S->getSourceRange());
    Body();
    Loops.pop_back();
    State = LockState::merge(In, State);
    State.Unreachable = In.Unreachable;
    return true;
  }

  static std::string keyOfDecl(const ValueDecl *D) {
    return "d" + std::to_string(reinterpret_cast<uintptr_t>(D->getCanonicalDecl()));
  }

  std::optional<AccessPath> mutexPath(const Expr *E) const {
    if (E->getType()->isPointerType())
      return Paths.pointee(E);
    return Paths.lvalue(E);
  }

  void record(const AccessPath &P, const Expr *E, bool Write, AccessForm Form, bool PerThread) {
    Access A;
    A.Path = P;
    A.IsWrite = Write;
    A.Form = Form;
    A.E = E;
    A.Function = F;
    A.Locks = State.current();
    A.PerThreadSlot = PerThread;
    A.Order = E->getBeginLoc();
    Out.Own.push_back(std::move(A));
  }

  void access(const Expr *LV, bool Write, AccessForm Form) {
    if (!LV || Analysis.isThreadSafeType(LV->getType()))
      return;
    Paths.LastIndex = nullptr;
    std::optional<AccessPath> P = Paths.lvalue(LV);
    if (!P)
      return;
    bool PerThread = Paths.LastIndex && Paths.isPerInvocation(Paths.LastIndex);
    record(*P, LV->IgnoreParenImpCasts(), Write, Form, PerThread);
  }

  void objectAccess(const Expr *Object, bool Write) {
    if (Object->getType()->isPointerType()) {
      if (std::optional<AccessPath> P = Paths.pointee(Object))
        record(*P, Object->IgnoreParenImpCasts(), Write, AccessForm::Other, false);
      return;
    }
    access(Object, Write, AccessForm::Other);
  }

  void bindParams(Binding &Bind, const FunctionDecl *Def, const CallExpr *Call, unsigned First) {
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned Index = I - First;
      if (Index >= Def->getNumParams())
        break;
      const ParmVarDecl *P = Def->getParamDecl(Index);
      const Expr *Arg = Call->getArg(I);
      if (P->getType()->isReferenceType())
        Bind.Params[P] = Paths.lvalue(stripMove(Arg));
      else if (P->getType()->isPointerType())
        Bind.Params[P] = Paths.pointee(Arg);
    }
  }

  /// A function we cannot see into: what it may do to what it is given by reference.
  void unknownArguments(const CallExpr *Call, const FunctionDecl *Callee, unsigned First) {
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned Index = I - First;
      if (Index >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(Index)->getType();
      const Expr *Arg = Call->getArg(I);
      if (!T->isReferenceType() || Analysis.isThreadSafeType(Arg->getType()))
        continue;
      bool Write = !T.getNonReferenceType().isConstQualified() && !isForwardingParam(Callee, Index);
      if (T->isRValueReferenceType())
        Arg = stripMove(Arg);
      access(Arg, Write, AccessForm::Other);
    }
  }

  void applyLock(const LockOperation &Op) {
    if (Op.IsGuard) {
      const auto *Guard = dyn_cast_or_null<VarDecl>(Op.Held);
      if (!Guard)
        return;
      if (Op.K == LockOperation::Kind::Release) {
        State.releaseHolder(holderOf(Guard));
        return;
      }
      for (const HeldLock &L : GuardLocks[Guard])
        State.acquire(holderOf(Guard), L);
      return;
    }
    for (const Expr *M : Op.MutexExprs) {
      std::optional<AccessPath> P = mutexPath(M);
      if (!P)
        continue;
      if (Op.K == LockOperation::Kind::Acquire)
        State.acquire("m" + P->key(), {*P, Op.Mode});
      else
        State.releaseMutex(*P);
    }
  }

  void call(const CallExpr *E) {
    if (std::optional<ThreadStart> Start = Analysis.starts().recognize(E)) {
      start(*Start);
      return;
    }
    if (std::optional<LockOperation> Op = Analysis.locks().callOperation(E)) {
      applyLock(*Op);
      return;
    }
    if (auto Handle = Analysis.starts().handleOperation(E)) {
      Out.Handles.push_back({SharedAccessAnalysis::handleKey(Handle->second, Paths), Handle->first,
                             E->getBeginLoc()});
      return;
    }
    const FunctionDecl *Callee = E->getDirectCallee();
    if (!Callee)
      return;
    static const llvm::StringSet<> NotAccesses = {"std::move",   "std::forward",   "std::ref",
                                                  "std::cref",   "std::addressof", "std::as_const",
                                                  "std::declval"};
    if (NotAccesses.contains(qualifiedName(Callee)))
      return;
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    const Expr *Object = nullptr;
    unsigned First = 0;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      Object = Member->getImplicitObjectArgument();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Method && Method->isInstance()) {
      Object = Op->getArg(0);
      First = 1;
    }
    const FunctionDecl *Def = Analysis.followable(Callee);
    if (Object && Method && Method->isInstance()) {
      QualType ObjectType = Object->getType();
      if (Analysis.isThreadSafeType(ObjectType))
        return;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (Op->getOperator() == OO_Subscript && isSequenceContainer(ObjectType))
          return; // The element is what is read or written.
        if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
            isSmartPointer(ObjectType)) {
          objectAccess(Object, false);
          return;
        }
      }
      if (Def) {
        CallFact Fact;
        Fact.Call = E;
        Fact.Bind.Callee = Def;
        if (Method->getParent()->isLambda())
          Fact.Bind.KeepThis = true;
        else
          Fact.Bind.This =
              ObjectType->isPointerType() ? Paths.pointee(Object) : Paths.lvalue(Object);
        bindParams(Fact.Bind, Def, E, First);
        Fact.Locks = State.current();
        Out.Calls.push_back(std::move(Fact));
        return;
      }
      // The library's (or an undefined) method: const ones read, others
      // write, except the accessors every container has in both forms.
      objectAccess(Object, !Method->isConst() && !isNonMutatingAccessor(Method));
      unknownArguments(E, Callee, First);
      return;
    }
    if (Def) {
      CallFact Fact;
      Fact.Call = E;
      Fact.Bind.Callee = Def;
      bindParams(Fact.Bind, Def, E, 0);
      Fact.Locks = State.current();
      Out.Calls.push_back(std::move(Fact));
      return;
    }
    unknownArguments(E, Callee, 0);
  }

  /// Where the thread or future a start returns is kept.
  void placeHandle(StartFact &Fact) {
    const ThreadStart &S = Fact.Start;
    if (S.PthreadHandle) {
      Fact.HandleKey = SharedAccessAnalysis::handleKey(S.PthreadHandle, Paths);
      return;
    }
    if (S.Container) {
      Fact.HandleKey = SharedAccessAnalysis::handleKey(S.Container, Paths);
      return;
    }
    DynTypedNode Node = DynTypedNode::create(*S.Call);
    for (int Depth = 0; Depth < 12; ++Depth) {
      DynTypedNodeList Parents = Ctx.getParents(Node);
      if (Parents.size() != 1)
        break;
      const DynTypedNode &Parent = Parents[0];
      if (const auto *V = Parent.get<VarDecl>()) {
        Fact.HandleKey = keyOfDecl(V);
        return;
      }
      if (const auto *Init = Parent.get<CXXCtorInitializer>()) {
        if (Init->getMember())
          Fact.HandleKey = keyOfDecl(Init->getMember());
        return;
      }
      if (const auto *E = Parent.get<Expr>()) {
        if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
                ParenExpr, CXXFunctionalCastExpr, CXXConstructExpr>(E)) {
          Node = Parent;
          continue;
        }
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
            Op && Op->getOperator() == OO_Equal) {
          Fact.HandleKey = SharedAccessAnalysis::handleKey(Op->getArg(0), Paths);
          return;
        }
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
          // threads.push_back(std::thread(f)), futures.push_back(std::async(g))
          Fact.HandleKey =
              SharedAccessAnalysis::handleKey(Member->getImplicitObjectArgument(), Paths);
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

  void start(const ThreadStart &S) {
    const FunctionDecl *Def = Analysis.followable(S.Entry.Function);
    if (!Def)
      return;
    StartFact Fact;
    Fact.Start = S;
    Fact.Loops = Loops;
    Binding &Bind = Fact.Bind;
    Bind.Callee = Def;
    if (S.Entry.IsLambda) {
      Bind.KeepThis = true;
    } else if (const Expr *Object = S.Entry.Object) {
      if (S.Entry.ObjectRefWrapped)
        Bind.This = Paths.lvalue(Object);
      else if (Object->getType()->isPointerType())
        Bind.This = Paths.pointee(Object);
      // Otherwise the thread runs on its own copy of the object.
    }
    for (unsigned I = 0; I < S.Entry.Args.size() && I < Def->getNumParams(); ++I) {
      const ParmVarDecl *P = Def->getParamDecl(I);
      const ThreadEntry::Argument &Arg = S.Entry.Args[I];
      if (P->getType()->isReferenceType()) {
        if (Arg.RefWrapped || !S.Entry.CopiesArguments)
          Bind.Params[P] = Paths.lvalue(Arg.E);
      } else if (P->getType()->isPointerType()) {
        Bind.Params[P] = Paths.pointee(Arg.E);
      }
    }
    if (!S.ReturnsHandle && !S.PthreadHandle)
      Fact.Escapes = true; // concur::thread_pool::post: nothing to wait on.
    else
      placeHandle(Fact);
    Out.Starts.push_back(std::move(Fact));
  }

  SharedAccessAnalysis &Analysis;
  ASTContext &Ctx;
  const FunctionDecl *F;
  FunctionFacts &Out;
  PathBuilder &Paths;
  LockState State;
  std::vector<Scope> Scopes;
  std::vector<SourceRange> Loops;
  llvm::DenseMap<const VarDecl *, std::vector<HeldLock>> GuardLocks;
};

} // namespace

SharedAccessAnalysis::SharedAccessAnalysis(ASTContext &Ctx, Config C)
    : Ctx(Ctx), Cfg(std::move(C)), LockModelValue(Cfg.LockTypes),
      StartModel(Cfg.ThreadStartFunctions) {}

bool SharedAccessAnalysis::isThreadSafeType(QualType T) const {
  if (isStdSynchronisationType(T))
    return true;
  if (Cfg.ThreadSafeTypes.empty())
    return false;
  std::string Name = recordName(T->isPointerType() ? T->getPointeeType() : T);
  if (Name.empty())
    return false;
  for (const std::string &Pattern : Cfg.ThreadSafeTypes)
    if (nameMatches(Name, Pattern))
      return true;
  return false;
}

const FunctionDecl *SharedAccessAnalysis::followable(const FunctionDecl *FD) const {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || Def->isDependentContext() || !Def->getBody())
    return nullptr;
  if (Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (!MD->getParent()->isLambda() &&
        isThreadSafeType(QualType(MD->getParent()->getTypeForDecl(), 0)))
      return nullptr;
  return Def;
}

std::string SharedAccessAnalysis::handleKey(const Expr *E, const PathBuilder &Paths) {
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
  return "d" + std::to_string(reinterpret_cast<uintptr_t>(D->getCanonicalDecl()));
}

const FunctionFacts &SharedAccessAnalysis::facts(const FunctionDecl *F) {
  std::unique_ptr<FunctionFacts> &Slot = Facts[F];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionFacts>();
  Slot->Paths = std::make_unique<PathBuilder>(F);
  FunctionFacts *Out = Slot.get(); // The walk may add other functions' facts.
  AccessWalker Walker(*this, F, *Out);
  Walker.run();
  return *Out;
}

std::optional<AccessPath> SharedAccessAnalysis::substitute(const AccessPath &P, const Binding &B,
                                                           const PathBuilder *Caller) {
  if (P.isThis()) {
    if (B.KeepThis)
      return P;
    if (!B.This)
      return std::nullopt;
    AccessPath R = *B.This;
    R.Steps.append(P.Steps.begin(), P.Steps.end());
    return R;
  }
  if (!P.Root->hasGlobalStorage() && P.Root->getDeclContext() == B.Callee) {
    const auto *Param = dyn_cast<ParmVarDecl>(P.Root);
    if (!Param || P.Steps.empty() || P.Steps[0].K != PathStep::Kind::Deref)
      return std::nullopt; // The callee's own storage.
    auto It = B.Params.find(Param);
    if (It == B.Params.end() || !It->second)
      return std::nullopt;
    AccessPath R = *It->second;
    R.Steps.append(P.Steps.begin() + 1, P.Steps.end());
    return R;
  }
  return Caller ? Caller->rebase(P) : P;
}

std::optional<Access> SharedAccessAnalysis::substitute(const Access &A, const Binding &B,
                                                       const PathBuilder *Caller,
                                                       const Lockset &CallerLocks,
                                                       SourceLocation Order) {
  std::optional<AccessPath> P = substitute(A.Path, B, Caller);
  if (!P)
    return std::nullopt;
  Access R = A;
  R.Path = std::move(*P);
  R.Order = Order;
  Lockset Locks;
  for (const HeldLock &L : A.Locks.locks())
    if (std::optional<AccessPath> M = substitute(L.Mutex, B, Caller))
      Locks.add({std::move(*M), L.Mode});
  Locks.addAll(CallerLocks);
  R.Locks = std::move(Locks);
  return R;
}

static bool isExported(const Access &A, const PathBuilder &Paths) {
  const VarDecl *Root = A.Path.Root;
  if (!Root || !Paths.isOwn(Root))
    return true;
  // A parameter's referent or pointee belongs to the caller.
  return isa<ParmVarDecl>(Root) && !A.Path.Steps.empty() &&
         A.Path.Steps[0].K == PathStep::Kind::Deref;
}

std::vector<Access> SharedAccessAnalysis::exported(const FunctionDecl *F) {
  const std::vector<Access> &All = accesses(F);
  const PathBuilder &Paths = *facts(F).Paths;
  std::vector<Access> Result;
  for (const Access &A : All)
    if (isExported(A, Paths))
      Result.push_back(A);
  return Result;
}

const std::vector<Access> &SharedAccessAnalysis::accesses(const FunctionDecl *F) {
  solve(F);
  return Full[F];
}

static std::string accessKey(const Access &A) {
  return A.Path.key() + (A.IsWrite ? "W" : "R") + A.Locks.key() + "@" +
         std::to_string(reinterpret_cast<uintptr_t>(A.E));
}

void SharedAccessAnalysis::solve(const FunctionDecl *Root) {
  if (Solved.count(Root))
    return;
  // Everything reachable from the root, walked once each.
  std::vector<const FunctionDecl *> Reachable = reachableFunctions(
      Root,
      [this](const FunctionDecl *F, auto Push) {
        for (const CallFact &Call : facts(F).Calls)
          Push(Call.Bind.Callee);
      },
      [this](const FunctionDecl *F) { return Solved.count(F) != 0; });
  llvm::DenseMap<const FunctionDecl *, llvm::StringSet<>> Keys;
  for (const FunctionDecl *F : Reachable) {
    Full[F] = facts(F).Own;
    for (const Access &A : Full[F])
      Keys[F].insert(accessKey(A));
  }
  // Callees' accesses flow up to their callers until nothing changes.
  constexpr size_t MaxAccessesPerFunction = 4000;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionDecl *F : Reachable) {
      const FunctionFacts &Facts = facts(F);
      for (const CallFact &Call : Facts.Calls) {
        std::vector<Access> FromCallee;
        const PathBuilder &CalleePaths = *facts(Call.Bind.Callee).Paths;
        for (const Access &A : Full[Call.Bind.Callee])
          if (isExported(A, CalleePaths))
            FromCallee.push_back(A);
        for (const Access &A : FromCallee) {
          std::optional<Access> S =
              substitute(A, Call.Bind, Facts.Paths.get(), Call.Locks, Call.Call->getBeginLoc());
          if (!S || Full[F].size() >= MaxAccessesPerFunction)
            continue;
          if (Keys[F].insert(accessKey(*S)).second) {
            Full[F].push_back(std::move(*S));
            Changed = true;
          }
        }
      }
    }
  }
  for (const FunctionDecl *F : Reachable)
    Solved[F] = true;
}

} // namespace clang::tidy::concur
