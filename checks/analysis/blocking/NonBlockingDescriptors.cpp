//===--- NonBlockingDescriptors.cpp - concur ------------------------------===//

#include "analysis/blocking/NonBlockingDescriptors.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/blocking/CallConditions.h"
#include "analysis/project/ProjectIndex.h"
#include "analysis/project/ProjectNames.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

namespace clang::tidy::concur {

namespace {

/// The declaration a descriptor expression names: `fd`, `this->fd_`,
/// `conn.fd`, `fds[0]` (the array), `fds_[1]`, `fds_.data()` or
/// `fds_.front()` of a std::array or vector (the container), through
/// parentheses and casts.
const Decl *descriptorDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E))
    return descriptorDecl(Sub->getBase());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
    return descriptorDecl(Op->getArg(0));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        llvm::is_contained({"data", "at", "front", "back"}, Method->getName()))
      return descriptorDecl(Member->getImplicitObjectArgument());
    return nullptr;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(Ref->getDecl()) ? Ref->getDecl()->getCanonicalDecl() : nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(Member->getMemberDecl()) ? Member->getMemberDecl()->getCanonicalDecl()
                                                   : nullptr;
  return nullptr;
}

/// What a function gives back when it hands out a descriptor: the value of
/// each of its returns (not those of its lambdas), leaving out constant
/// error results (`return -1;`). None if it returns something that is not a
/// variable, a field or a call (a parameter, arithmetic), or is no integer.
std::optional<llvm::SmallVector<const Expr *, 2>> returnedDescriptors(const FunctionDecl *Def) {
  // `int fd() const`, also `const int &fd() const`.
  if (!Def || !Def->hasBody() || !Def->getReturnType().getNonReferenceType()->isIntegerType())
    return std::nullopt;
  class Returns : public RecursiveASTVisitor<Returns> {
  public:
    llvm::SmallVector<const Expr *, 2> Values;
    bool Unknown = false;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
    bool VisitReturnStmt(ReturnStmt *Return) {
      const Expr *Value = Return->getRetValue();
      if (!Value || Value->isValueDependent()) {
        Unknown = true;
        return false;
      }
      Value = Value->IgnoreParenImpCasts();
      if (const auto *Neg = dyn_cast<UnaryOperator>(Value); Neg && Neg->getOpcode() == UO_Minus)
        Value = Neg->getSubExpr()->IgnoreParenImpCasts();
      if (isa<IntegerLiteral>(Value))
        return true;
      const auto *Call = dyn_cast<CallExpr>(Value);
      if (const Decl *D = descriptorDecl(Value))
        Unknown = isa<ParmVarDecl>(D);
      else
        Unknown = !Call || !Call->getDirectCallee();
      if (!Unknown)
        Values.push_back(Value);
      return !Unknown;
    }
  } Finder;
  Finder.TraverseStmt(Def->getBody());
  if (Finder.Unknown || Finder.Values.empty())
    return std::nullopt;
  return Finder.Values;
}

class Scanner : public RecursiveASTVisitor<Scanner> {
public:
  explicit Scanner(llvm::function_ref<void(const CallExpr *)> OnCall) : OnCall(OnCall) {}
  // Instantiations have their own declarations, which the check looks up.
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBodies() const { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    OnCall(Call);
    return true;
  }

private:
  llvm::function_ref<void(const CallExpr *)> OnCall;
};

} // namespace

NonBlockingDescriptors::NonBlockingDescriptors(ASTContext &Ctx, std::vector<std::string> Handles,
                                               const ProjectIndex *Index,
                                               std::map<std::string, bool> *Asked)
    : Ctx(Ctx), Handles(std::move(Handles)), Index(Index), Asked(Asked) {
  auto OnCall = [&](const CallExpr *Call) { noteCall(Call, Ctx); };
  Scanner S(OnCall); // a function_ref: OnCall must outlive the traversal
  // The user's code only: system headers and concur's own runtime make their
  // descriptors non-blocking too, but their I/O is never reported, and
  // walking them would cost as much as the rest of the analysis.
  const SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (SM.isInSystemHeader(D->getLocation()))
      continue;
    if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->getName() == "concur")
      continue;
    S.TraverseDecl(D);
  }
}

bool NonBlockingDescriptors::contains(const Expr *Fd) const { return contains(Fd, 0); }

bool NonBlockingDescriptors::contains(const Expr *Fd, unsigned Depth) const {
  if (!Fd)
    return false;
  if (const Decl *D = descriptorDecl(Fd))
    return Decls.contains(loopRange(D)) || askIndex(cast<NamedDecl>(loopRange(D)));
  if (const auto *Call = dyn_cast<CallExpr>(Fd->IgnoreParenImpCasts())) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    std::string Name = qualifiedName(Callee);
    if (matchesAnyName(Name, Handles))
      return true;
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def))
      return askIndex(Callee);
    // A getter of a descriptor, a factory that returns one: what it returns.
    // The depth bounds recursion through mutually recursive getters.
    return Depth < 4 && returnsNonBlocking(Def, Depth + 1);
  }
  return false;
}

const Decl *NonBlockingDescriptors::loopRange(const Decl *D) const {
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || !Var->isLocalVarDecl())
    return D;
  for (const DynTypedNode &Parent : Ctx.getParents(*Var))
    if (const auto *Stmt = Parent.get<DeclStmt>())
      for (const DynTypedNode &Loop : Ctx.getParents(*Stmt))
        if (const auto *For = Loop.get<CXXForRangeStmt>(); For && For->getLoopVariable() == Var)
          if (const Decl *Range = descriptorDecl(For->getRangeInit()))
            return Range;
  return D;
}

bool NonBlockingDescriptors::returnsNonBlocking(const FunctionDecl *Def) const {
  return returnsNonBlocking(Def, 1);
}

bool NonBlockingDescriptors::returnsNonBlocking(const FunctionDecl *Def, unsigned Depth) const {
  auto Values = returnedDescriptors(Def);
  return Values && llvm::all_of(*Values, [&](const Expr *V) { return contains(V, Depth); });
}

bool NonBlockingDescriptors::askIndex(const NamedDecl *D) const {
  std::string USR = projectUSR(D);
  if (USR.empty())
    return false;
  bool Answer = Index && Index->isNonBlockingDescriptor(USR);
  if (Asked)
    (*Asked)[USR] = Answer;
  return Answer;
}

std::vector<std::string> NonBlockingDescriptors::projectNames() const {
  std::vector<std::string> Names;
  for (const Decl *D : Decls)
    if (std::string USR = projectUSR(cast<NamedDecl>(D)); !USR.empty())
      Names.push_back(std::move(USR));
  llvm::sort(Names); // the same TU, the same summary
  return Names;
}

std::vector<std::string> NonBlockingDescriptors::returnedNames(const FunctionDecl *Def) {
  auto Values = returnedDescriptors(Def);
  if (!Values)
    return {};
  std::vector<std::string> Names;
  for (const Expr *V : *Values) {
    const Decl *D = descriptorDecl(V);
    std::string USR =
        D ? projectUSR(cast<NamedDecl>(D)) : projectUSR(cast<CallExpr>(V)->getDirectCallee());
    if (USR.empty())
      return {}; // a local: only this function knows what it holds
    Names.push_back(std::move(USR));
  }
  return Names;
}

void NonBlockingDescriptors::insert(const Expr *Fd) {
  if (const Decl *D = descriptorDecl(Fd))
    Decls.insert(loopRange(D)); // `for (int fd : fds_) fcntl(fd, ...)`: fds_
}

void NonBlockingDescriptors::noteCall(const CallExpr *Call, ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return; // the C library's functions, not a namesake in a namespace or class
  const unsigned N = Call->getNumArgs();
  auto Arg = [&](unsigned I) { return Call->getArg(I); };
  llvm::StringRef Name = identifierName(Callee);
  // Calls whose result is a new descriptor, and where its flags are.
  int FlagsArg = llvm::StringSwitch<int>(Name)
                     .Case("socket", 1)
                     .Case("accept4", 3)
                     .Case("open", 1)
                     .Case("openat", 2)
                     .Case("eventfd", 1)
                     .Case("timerfd_create", 1)
                     .Case("inotify_init1", 0)
                     .Case("signalfd", 2)
                     .Case("fanotify_init", 0)
                     .Default(-1);
  llvm::StringRef Flag = llvm::StringSwitch<llvm::StringRef>(Name)
                             .Cases("socket", "accept4", "SOCK_NONBLOCK")
                             .Cases("open", "openat", "O_NONBLOCK")
                             .Case("eventfd", "EFD_NONBLOCK")
                             .Case("timerfd_create", "TFD_NONBLOCK")
                             .Case("inotify_init1", "IN_NONBLOCK")
                             .Case("signalfd", "SFD_NONBLOCK")
                             .Case("fanotify_init", "FAN_NONBLOCK")
                             .Default("");
  if (FlagsArg >= 0 && static_cast<unsigned>(FlagsArg) < N &&
      spellingSets(Arg(FlagsArg), Flag, Ctx)) {
    noteTarget(Call, Ctx);
    return;
  }
  if (Name == "pipe2" && N == 2 && spellingSets(Arg(1), "O_NONBLOCK", Ctx))
    insert(Arg(0));
  else if (Name == "fcntl" && N >= 3 && spellingMentions(Arg(1), "F_SETFL", Ctx) &&
           spellingSets(Arg(2), "O_NONBLOCK", Ctx))
    insert(Arg(0));
  else if (Name == "ioctl" && N >= 3 && spellingMentions(Arg(1), "FIONBIO", Ctx))
    insert(Arg(0));
}

// `int fd = socket(...)`, `fd_ = socket(...)`, `: fd_(socket(...))`,
// `int fd_ = socket(...);` in a class.
void NonBlockingDescriptors::noteTarget(const Expr *Call, ASTContext &Ctx) {
  const Expr *Current = Call;
  for (int Depth = 0; Depth < 4; ++Depth) {
    const Expr *Up = nullptr;
    for (const DynTypedNode &Parent : Ctx.getParents(*Current)) {
      if (const auto *Var = Parent.get<VarDecl>()) {
        Decls.insert(Var->getCanonicalDecl());
        return;
      }
      if (const auto *Field = Parent.get<FieldDecl>()) { // a default member initializer
        Decls.insert(Field->getCanonicalDecl());
        return;
      }
      if (const auto *Ctor = Parent.get<CXXConstructorDecl>()) { // a member initializer
        for (const CXXCtorInitializer *Init : Ctor->inits())
          if (Init->getMember() && Init->getInit() &&
              Init->getInit()->IgnoreImplicit() == Current->IgnoreImplicit())
            Decls.insert(Init->getMember()->getCanonicalDecl());
        return;
      }
      if (const auto *Assign = Parent.get<BinaryOperator>()) {
        if (Assign->getOpcode() == BO_Assign && Assign->getRHS()->IgnoreParenImpCasts() == Call)
          insert(Assign->getLHS());
        return;
      }
      if (const auto *E = Parent.get<Expr>();
          E && (isa<ImplicitCastExpr>(E) || isa<ParenExpr>(E) || isa<ExprWithCleanups>(E)))
        Up = E;
    }
    if (!Up)
      return;
    Current = Up;
  }
}

} // namespace clang::tidy::concur
