//===--- ThreadStarts.cpp - concur ----------------------------------------===//

#include "analysis/threads/ThreadStarts.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::concur {

static const char *const ThreadTypes[] = {"std::thread", "std::jthread"};
/// Jobs on a thread pool: run on one of its threads.
static const char *const PoolStarts[] = {"concur::thread_pool::submit",
                                         "concur::thread_pool::post"};
/// Handlers on an executor: run on whichever threads run it (a pool's, when
/// the first argument is a thread pool).
static const char *const ExecutorStarts[] = {"asio::post", "asio::dispatch", "asio::defer"};
/// Tasks spawned onto the caller's event loop.
static const char *const SpawnStarts[] = {"concur::spawn", "concur::event_loop::spawn"};

/// A thread pool by its class name (asio::thread_pool, concur::thread_pool,
/// boost::asio::thread_pool): the target of a post that runs on its threads,
/// and the object whose join() waits for every job posted to it.
static bool isThreadPoolType(llvm::StringRef RecordName) {
  return RecordName.ends_with("thread_pool");
}

template <size_t N> static bool matchesAny(llvm::StringRef Name, const char *const (&Patterns)[N]) {
  for (const char *Pattern : Patterns)
    if (nameMatches(Name, Pattern))
      return true;
  return false;
}

ThreadStartModel::ThreadStartModel(std::vector<std::string> ListedFunctions,
                                   std::vector<std::string> ThreadTypes)
    : Listed(std::move(ListedFunctions)), ExtraThreadTypes(std::move(ThreadTypes)) {}

std::vector<llvm::StringRef> ThreadStartModel::threadTypeNames() const {
  std::vector<llvm::StringRef> Names(std::begin(ThreadTypes), std::end(ThreadTypes));
  Names.insert(Names.end(), ExtraThreadTypes.begin(), ExtraThreadTypes.end());
  return Names;
}

std::vector<llvm::StringRef> ThreadStartModel::startFunctionNames() const {
  std::vector<llvm::StringRef> Names = {"::std::async", "::pthread_create", "::thrd_create"};
  Names.insert(Names.end(), std::begin(PoolStarts), std::end(PoolStarts));
  Names.insert(Names.end(), std::begin(ExecutorStarts), std::end(ExecutorStarts));
  Names.insert(Names.end(), std::begin(SpawnStarts), std::end(SpawnStarts));
  for (const std::string &Name : Listed)
    Names.push_back(Name);
  return Names;
}

bool ThreadStartModel::isStartFunction(const FunctionDecl *Callee) const {
  if (!Callee)
    return false;
  std::string Name = qualifiedName(Callee);
  return llvm::any_of(startFunctionNames(),
                      [&](llvm::StringRef Pattern) { return nameMatches(Name, Pattern); });
}

static const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(E)) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_Plus) {
      E = Unary->getSubExpr(); // +[] {...}: a lambda made a function pointer.
      continue;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E);
        Member && isa_and_nonnull<CXXConversionDecl>(Member->getMethodDecl())) {
      E = Member->getImplicitObjectArgument(); // A lambda converted to a function pointer.
      continue;
    }
    return E;
  }
}

/// std::ref(x) / std::cref(x): x, else null.
static const Expr *refWrapped(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(strip(E));
  if (!Call || !Call->getDirectCallee() || Call->getNumArgs() != 1)
    return nullptr;
  std::string Name = qualifiedName(Call->getDirectCallee());
  return Name == "std::ref" || Name == "std::cref" ? Call->getArg(0) : nullptr;
}

static bool isPlaceholder(const Expr *E) {
  return llvm::StringRef(recordName(strip(E)->getType())).starts_with("std::_Placeholder") ||
         llvm::StringRef(recordName(strip(E)->getType())).contains("placeholder");
}

static ThreadEntry::Argument argument(const Expr *E) {
  if (const Expr *Inner = refWrapped(E))
    return {Inner, true};
  return {E, false};
}

std::optional<ThreadEntry> ThreadStartModel::resolveCallable(const Expr *Fn,
                                                             std::vector<const Expr *> Rest) {
  bool RefWrapped = false;
  for (unsigned Depth = 0; Fn && Depth < 6; ++Depth) {
    if (const Expr *Inner = refWrapped(Fn)) {
      RefWrapped = true;
      Fn = Inner;
      continue;
    }
    const Expr *E = strip(Fn);
    ThreadEntry Entry;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
      Entry.Function = Lambda->getCallOperator();
      Entry.IsLambda = true;
      for (const Expr *A : Rest)
        Entry.Args.push_back(argument(A));
      return Entry;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E); Unary && Unary->getOpcode() == UO_AddrOf)
      E = strip(Unary->getSubExpr());
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *MD = dyn_cast<CXXMethodDecl>(Ref->getDecl()); MD && MD->isInstance()) {
        if (Rest.empty())
          return std::nullopt;
        Entry.Function = MD;
        ThreadEntry::Argument Object = argument(Rest.front());
        Entry.Object = Object.E;
        Entry.ObjectRefWrapped = Object.RefWrapped;
        for (size_t I = 1; I < Rest.size(); ++I)
          Entry.Args.push_back(argument(Rest[I]));
        return Entry;
      }
      if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl())) {
        Entry.Function = FD;
        for (const Expr *A : Rest)
          Entry.Args.push_back(argument(A));
        return Entry;
      }
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl())) {
        // A named lambda or function object: `auto work = [&] {...}; std::thread t(work);`
        const auto *RD = V->getType().getNonReferenceType()->getAsCXXRecordDecl();
        if (RD && RD->isLambda() && V->getInit()) {
          Fn = V->getInit();
          continue;
        }
        if (V->getType()->isFunctionPointerType() && V->getInit() &&
            V->getType().isConstQualified()) {
          Fn = V->getInit();
          continue;
        }
      }
    }
    if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->getDirectCallee()) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if ((Name == "std::bind" || Name == "std::bind_front") && Call->getNumArgs() >= 1) {
        std::vector<const Expr *> Bound;
        for (unsigned I = 1; I < Call->getNumArgs(); ++I) {
          if (isPlaceholder(Call->getArg(I)))
            return std::nullopt;
          Bound.push_back(Call->getArg(I));
        }
        Bound.insert(Bound.end(), Rest.begin(), Rest.end());
        Fn = Call->getArg(0);
        Rest = std::move(Bound);
        continue;
      }
    }
    // A function object: its operator() runs on the object (or on the
    // thread's copy of it).
    if (const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
        RD && RD->hasDefinition() && !RD->isLambda()) {
      const CXXMethodDecl *Call = nullptr;
      for (const CXXMethodDecl *MD : RD->methods())
        if (MD->getOverloadedOperator() == OO_Call) {
          if (Call)
            return std::nullopt; // Overloaded: which one runs depends on the arguments.
          Call = MD;
        }
      if (!Call)
        return std::nullopt;
      Entry.Function = Call;
      Entry.Object = E;
      Entry.ObjectRefWrapped = RefWrapped;
      for (const Expr *A : Rest)
        Entry.Args.push_back(argument(A));
      return Entry;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

static bool isDeferredPolicy(const Expr *Policy) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Policy->IgnoreImplicit()->IgnoreParens());
  return Ref && isa<EnumConstantDecl>(Ref->getDecl()) && Ref->getDecl()->getName() == "deferred";
}

static std::vector<const Expr *> argsFrom(const CallExpr *Call, unsigned First) {
  std::vector<const Expr *> Args;
  for (unsigned I = First; I < Call->getNumArgs(); ++I)
    Args.push_back(Call->getArg(I));
  return Args;
}

/// The first argument that can be called, and the arguments after it.
static std::optional<ThreadEntry> firstCallable(const CallExpr *Call, unsigned From) {
  for (unsigned I = From; I < Call->getNumArgs(); ++I) {
    std::vector<const Expr *> Rest;
    for (unsigned J = I + 1; J < Call->getNumArgs(); ++J)
      Rest.push_back(Call->getArg(J));
    if (auto Entry = ThreadStartModel::resolveCallable(Call->getArg(I), Rest))
      return Entry;
  }
  return std::nullopt;
}

bool ThreadStartModel::isThreadType(llvm::StringRef Name) const {
  return llvm::is_contained(ThreadTypes, Name) ||
         llvm::any_of(ExtraThreadTypes,
                      [&](const std::string &Type) { return nameMatches(Name, Type); });
}

bool ThreadStartModel::isThreadRecord(const CXXRecordDecl *RD) const {
  return RD && isThreadType(qualifiedName(RD));
}

bool ThreadStartModel::isWrapperType(QualType T) const {
  return Wrappers.isWrapper(recordOf(T),
                            [this](const CXXRecordDecl *RD) { return isThreadRecord(RD); });
}

bool ThreadStartModel::isWrapperConstructor(const FunctionDecl *F) const {
  const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(F);
  return Ctor && Wrappers
                     .callableParameter(
                         Ctor, [this](const CXXRecordDecl *RD) { return isThreadRecord(RD); })
                     .has_value();
}

/// The coroutine a spawned task was made from (`spawn(handle(client))`), or a
/// callable it was given.
static std::optional<ThreadEntry> spawnedTask(const CallExpr *Call) {
  for (const Expr *Arg : Call->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    const auto *Made = dyn_cast<CallExpr>(strip(Arg));
    if (!Made || !Made->getDirectCallee())
      return ThreadStartModel::resolveCallable(Arg, {});
    ThreadEntry Entry;
    Entry.Function = Made->getDirectCallee();
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry.Function))
      Entry.IsLambda = MD->getParent()->isLambda();
    // A coroutine's parameters are its frame's: bound as by a call.
    Entry.CopiesArguments = false;
    for (unsigned I = isa<CXXOperatorCallExpr>(Made) ? 1 : 0; I < Made->getNumArgs(); ++I)
      Entry.Args.push_back({Made->getArg(I), false});
    return Entry;
  }
  return std::nullopt;
}

std::optional<ThreadStart> ThreadStartModel::recognize(const Expr *E) const {
  ThreadStart Start;
  Start.Call = E;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    std::string Type = recordName(Construct->getType());
    if (!isThreadType(Type)) {
      // A wrapper: the thread runs the callable its constructor was given.
      std::optional<unsigned> Param =
          Wrappers.callableParameter(Construct->getConstructor(), [this](const CXXRecordDecl *RD) {
            return isThreadRecord(RD);
          });
      if (!Param || *Param >= Construct->getNumArgs())
        return std::nullopt;
      auto Entry = resolveCallable(Construct->getArg(*Param), {});
      if (!Entry)
        return std::nullopt;
      Start.Entry = std::move(*Entry);
      return Start;
    }
    if (Construct->getNumArgs() == 0 || Construct->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    std::vector<const Expr *> Rest;
    for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
      Rest.push_back(Construct->getArg(I));
    auto Entry = resolveCallable(Construct->getArg(0), Rest);
    if (!Entry)
      return std::nullopt;
    Start.K = Type == "std::jthread" ? ThreadStart::Kind::JThread : ThreadStart::Kind::Thread;
    Start.Entry = std::move(*Entry);
    return Start;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return std::nullopt;
  std::string Name = qualifiedName(Callee);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    // threads.emplace_back(work, i): the container constructs the thread.
    llvm::StringRef Method = identifierName(Callee);
    if (Method == "emplace_back" || Method == "emplace" || Method == "emplace_front") {
      const Expr *Object = Member->getImplicitObjectArgument();
      QualType T = Object->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      std::optional<QualType> Element = firstTypeArgument(T);
      if (Element && isThreadType(recordName(*Element)) && Call->getNumArgs() >= 1) {
        // emplace(pos, f, args...) on a list/deque: skip a leading iterator.
        unsigned First = Method == "emplace" && Call->getNumArgs() >= 2 ? 1 : 0;
        auto Entry = resolveCallable(Call->getArg(First), argsFrom(Call, First + 1));
        if (!Entry && First == 1)
          Entry = resolveCallable(Call->getArg(0), argsFrom(Call, 1));
        if (!Entry)
          return std::nullopt;
        Start.K = recordName(*Element) == "std::jthread" ? ThreadStart::Kind::JThread
                                                         : ThreadStart::Kind::Thread;
        Start.Entry = std::move(*Entry);
        Start.Container = Object;
        return Start;
      }
    }
  }
  if (Name == "std::async" && Call->getNumArgs() >= 1) {
    unsigned First = 0;
    if (recordName(Call->getArg(0)->getType()) == "std::launch" ||
        Call->getArg(0)->getType()->isEnumeralType()) {
      if (isDeferredPolicy(Call->getArg(0)))
        return std::nullopt; // Runs in get() on the caller's thread.
      First = 1;
    }
    if (Call->getNumArgs() <= First)
      return std::nullopt;
    auto Entry = resolveCallable(Call->getArg(First), argsFrom(Call, First + 1));
    if (!Entry)
      return std::nullopt;
    Start.K = ThreadStart::Kind::Async;
    Start.Entry = std::move(*Entry);
    return Start;
  }
  if (Name == "pthread_create" && Call->getNumArgs() == 4) {
    auto Entry = resolveCallable(Call->getArg(2), {Call->getArg(3)});
    if (!Entry)
      return std::nullopt;
    Entry->CopiesArguments = false; // The void * is passed as is.
    Start.K = ThreadStart::Kind::Pthread;
    Start.Entry = std::move(*Entry);
    Start.PthreadHandle = Call->getArg(0);
    Start.ReturnsHandle = false;
    return Start;
  }
  if (Name == "thrd_create" && Call->getNumArgs() == 3) { // C11: (thrd_t *, f, void *)
    auto Entry = resolveCallable(Call->getArg(1), {Call->getArg(2)});
    if (!Entry)
      return std::nullopt;
    Entry->CopiesArguments = false;
    Start.K = ThreadStart::Kind::Pthread;
    Start.Entry = std::move(*Entry);
    Start.PthreadHandle = Call->getArg(0);
    Start.ReturnsHandle = false;
    return Start;
  }
  if (matchesAny(Name, PoolStarts) || matchesAny(Name, ExecutorStarts)) {
    auto Entry = firstCallable(Call, 0);
    if (!Entry)
      return std::nullopt;
    bool OnPool = matchesAny(Name, PoolStarts);
    if (!OnPool && Call->getNumArgs() > 1) {
      QualType Target = Call->getArg(0)->getType();
      if (Target->isPointerType())
        Target = Target->getPointeeType();
      OnPool = isThreadPoolType(recordName(Target));
    }
    Start.K = OnPool ? ThreadStart::Kind::Pool : ThreadStart::Kind::Executor;
    Start.Entry = std::move(*Entry);
    Start.ReturnsHandle = Name == "concur::thread_pool::submit";
    Start.InlineOnPoolThread = Name == "asio::dispatch";
    if (OnPool && !Start.ReturnsHandle) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        Start.Pool = Member->getImplicitObjectArgument();
      else if (Call->getNumArgs() > 1)
        Start.Pool = Call->getArg(0);
    }
    return Start;
  }
  if (matchesAny(Name, SpawnStarts)) {
    auto Entry = spawnedTask(Call);
    if (!Entry)
      return std::nullopt;
    Start.K = ThreadStart::Kind::Spawn;
    Start.Entry = std::move(*Entry);
    return Start;
  }
  for (const std::string &Pattern : Listed) {
    if (!nameMatches(Name, Pattern))
      continue;
    auto Entry = firstCallable(Call, 0);
    if (!Entry)
      return std::nullopt;
    Start.K = ThreadStart::Kind::Listed;
    Start.Entry = std::move(*Entry);
    Start.ReturnsHandle = false;
    return Start;
  }
  return std::nullopt;
}

std::optional<std::pair<HandleOperation, const Expr *>>
ThreadStartModel::handleOperation(const Expr *E) const {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Member->getMethodDecl();
    const Expr *Object = Member->getImplicitObjectArgument();
    if (!MD || !Object)
      return std::nullopt;
    QualType T = Object->IgnoreImpCasts()->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    std::string Type = recordName(T);
    llvm::StringRef Name = identifierName(MD);
    if (isThreadType(Type) || ((Name == "join" || Name == "detach") && isWrapperType(T))) {
      if (Name == "join")
        return std::make_pair(HandleOperation::Join, Object);
      if (Name == "detach")
        return std::make_pair(HandleOperation::Detach, Object);
    }
    if ((Type == "std::future" || Type == "std::shared_future") &&
        (Name == "get" || Name == "wait"))
      return std::make_pair(HandleOperation::Join, Object);
    // Waits for every job posted to the pool: asio's join() and wait(),
    // concur's shutdown().
    if (isThreadPoolType(Type) && (Name == "join" || Name == "wait" || Name == "shutdown"))
      return std::make_pair(HandleOperation::Join, Object);
    return std::nullopt;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Call->getNumArgs() < 1 || !Callee->isExternC())
    return std::nullopt;
  // pthread_join, and glibc's pthread_tryjoin_np, pthread_timedjoin_np and
  // pthread_clockjoin_np: these end the thread's concurrency only when they
  // succeed, which code checks and retries; they are taken as joins.
  llvm::StringRef Name = identifierName(Callee);
  if (Name == "pthread_join" || (Name.starts_with("pthread_") && Name.ends_with("join_np")) ||
      Name == "thrd_join")
    return std::make_pair(HandleOperation::Join, Call->getArg(0));
  if (Name == "pthread_detach" || Name == "thrd_detach")
    return std::make_pair(HandleOperation::Detach, Call->getArg(0));
  return std::nullopt;
}

} // namespace clang::tidy::concur
