//===--- AccessPaths.h - concur ---------------------------------*- C++ -*-===//
//
// Names for the memory an expression reads or writes, in the form RacerD
// calls access paths: a root (a variable, or the object `this` points to)
// followed by steps (a field, a dereference, an element). `hits`,
// `this->count_` (spelled `count_`), `cfg->retries`, `results[]`.
//
// A path is relative to the function whose code it was read in; at a call or
// a thread start the callee's parameters and `this` are replaced by what the
// caller passed (substitution), so the accesses of a callee can be compared
// with the caller's. Pointers and references are followed only where their
// target is known (a parameter, a local initialised once); anything else
// reached through a pointer has no path (the check's aliasing limit).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_ACCESSPATHS_H
#define CONCUR_CHECKS_ANALYSIS_RACES_ACCESSPATHS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::concur {

struct PathStep {
  enum class Kind { Field, Deref, Element };
  Kind K = Kind::Field;
  const FieldDecl *Field = nullptr;
  /// For an element: its index when it is a constant (`slots[1]`), and the
  /// elements are separate memory locations (not those of vector<bool>).
  std::optional<int64_t> Index;
  static PathStep deref() { return {Kind::Deref, nullptr, std::nullopt}; }
  static PathStep element(std::optional<int64_t> I = std::nullopt) {
    return {Kind::Element, nullptr, I};
  }
  static PathStep field(const FieldDecl *F) { return {Kind::Field, F, std::nullopt}; }
  bool operator==(const PathStep &O) const {
    return K == O.K && Field == O.Field && Index == O.Index;
  }
  /// Can the two steps reach the same memory location? Elements with two
  /// different constant indices cannot; bit-fields of one run of adjacent
  /// bit-fields can ([intro.memory]: the run is one memory location).
  bool mayAlias(const PathStep &O) const;
};

struct AccessPath {
  /// The variable at the root, or null for the object `this` points to.
  const VarDecl *Root = nullptr;
  /// For a `this` root: the class (lambdas use their enclosing class).
  const CXXRecordDecl *ThisClass = nullptr;
  llvm::SmallVector<PathStep, 3> Steps;

  bool isThis() const { return Root == nullptr; }
  bool operator==(const AccessPath &O) const {
    return Root == O.Root && ThisClass == O.ThisClass && Steps == O.Steps;
  }
  bool operator!=(const AccessPath &O) const { return !(*this == O); }
  /// Is this path a proper prefix of \p O (`s` of `s.x`)?
  bool isPrefixOf(const AccessPath &O) const;
  /// May the two paths reach the same memory location (PathStep::mayAlias
  /// step by step)? mayBePrefixOf: may this reach an object that holds \p O's?
  bool mayAlias(const AccessPath &O) const;
  bool mayBePrefixOf(const AccessPath &O) const;
  bool hasElementStep() const;
  /// A string that is equal for equal paths (for sets and maps).
  std::string key() const;
  /// As users write it: `hits`, `count_`, `cfg->retries`, `results[]`.
  std::string spelling() const;
  /// The declaration users think of as "the variable": the last field, or the root.
  const ValueDecl *namedDecl() const;

  AccessPath withStep(PathStep S) const {
    AccessPath P = *this;
    P.Steps.push_back(S);
    return P;
  }
};

/// Builds paths for the expressions of one function, following its local
/// references and pointers whose target is known.
class PathBuilder {
public:
  explicit PathBuilder(const FunctionDecl *F);

  /// The object an lvalue expression designates.
  std::optional<AccessPath> lvalue(const Expr *E) const;
  /// The object a pointer expression points to (or a reference binds to).
  std::optional<AccessPath> pointee(const Expr *E) const;

  /// Records that the local reference or pointer \p V designates \p Target
  /// (std::nullopt: unknown from now on).
  void setAlias(const VarDecl *V, std::optional<AccessPath> Target);

  /// Rewrites a path rooted at one of this function's local references or
  /// pointers (as a lambda it started sees them) in terms of their target.
  AccessPath rebase(const AccessPath &P) const;

  /// The variable is the function's own: a local, a parameter's own storage,
  /// a by-copy capture of a lambda. Never shared unless its address escapes.
  bool isOwn(const VarDecl *V) const;
  /// How a lambda captures \p V: std::nullopt when \p V is not captured.
  std::optional<LambdaCaptureKind> captureKind(const VarDecl *V) const;

  /// The last subscript index seen by lvalue() (for per-thread slots).
  mutable const Expr *LastIndex = nullptr;
  /// Do all the variables in \p Index belong to this invocation (parameters,
  /// locals, by-copy captures), so that each thread has its own value?
  bool isPerInvocation(const Expr *Index) const;

  const FunctionDecl *function() const { return F; }
  const CXXRecordDecl *thisClass() const { return ThisClass; }

private:
  std::optional<AccessPath> variable(const VarDecl *V, bool Deref) const;

  const FunctionDecl *F;
  const CXXRecordDecl *Lambda = nullptr; // F is this lambda's call operator
  const CXXRecordDecl *ThisClass = nullptr;
  llvm::DenseMap<const VarDecl *, std::optional<AccessPath>> Aliases;
};

/// The type of a thread-safe standard object (mutex, condition_variable,
/// atomic, future, latch, ...): calling it is not an access.
bool isStdSynchronisationType(QualType T);
/// std::vector, std::array, std::deque, std::span, std::basic_string:
/// operator[] reaches an element without changing the container.
bool isSequenceContainer(QualType T);
/// std::unique_ptr, std::shared_ptr.
bool isSmartPointer(QualType T);

} // namespace clang::tidy::concur

#endif
