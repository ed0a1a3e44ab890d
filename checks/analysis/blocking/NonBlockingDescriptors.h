//===--- NonBlockingDescriptors.h - concur ----------------------*- C++ -*-===//
//
// The file descriptors a translation unit puts in non-blocking mode, so that
// read/recv/accept/... on them are not reported as blocking: variables and
// fields assigned the result of socket(.. SOCK_NONBLOCK ..),
// accept4(.. SOCK_NONBLOCK), open/openat(.. O_NONBLOCK ..),
// eventfd(.. EFD_NONBLOCK), timerfd_create(.. TFD_NONBLOCK),
// inotify_init1(IN_NONBLOCK), signalfd(.., SFD_NONBLOCK),
// fanotify_init(FAN_NONBLOCK ..), the array given
// to pipe2(fds, O_NONBLOCK), and descriptors passed to
// fcntl(fd, F_SETFL, .. O_NONBLOCK ..) or ioctl(fd, FIONBIO, ..).
// Flags are read from the spelling, like the catalogue's has_flag, and
// through the local variable that holds them (spellingSets). Elements of
// an array or container stand for it, and so does a range-for's variable. Also the
// descriptors a framework's socket type hands out, which its profile says
// it keeps non-blocking, and calls of functions that return only
// non-blocking descriptors (`int socket::fd() const { return fd_; }`).
//
// What the TU cannot see, the project index answers: a field or global
// another TU makes non-blocking, a function defined in another TU that
// returns one. Each such question is remembered with its answer.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_NONBLOCKINGDESCRIPTORS_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_NONBLOCKINGDESCRIPTORS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"
#include <map>
#include <string>
#include <vector>

namespace clang::tidy::concur {

class ProjectIndex;

class NonBlockingDescriptors {
public:
  /// Scans the whole translation unit once. \p Handles: functions whose
  /// result is a descriptor their framework keeps non-blocking (the
  /// profiles' nonblocking_handles: libcoro's socket::native_handle()).
  /// \p Index (may be null) answers for the rest of the project, and
  /// \p Asked (may be null) records each question put to it, by USR.
  NonBlockingDescriptors(ASTContext &Ctx, std::vector<std::string> Handles = {},
                         const ProjectIndex *Index = nullptr,
                         std::map<std::string, bool> *Asked = nullptr);

  /// Does \p Fd name (a variable, a field, an element of an array, a call)
  /// a descriptor that is made non-blocking somewhere?
  bool contains(const Expr *Fd) const;

  /// For the project summary: the fields and globals this TU makes
  /// non-blocking, by USR.
  std::vector<std::string> projectNames() const;
  /// Does \p Def return only descriptors known to be non-blocking?
  bool returnsNonBlocking(const FunctionDecl *Def) const;
  /// For the project summary: the USRs of the fields, globals and functions
  /// whose descriptors \p Def returns, or none if it may return anything else.
  static std::vector<std::string> returnedNames(const FunctionDecl *Def);

private:
  bool contains(const Expr *Fd, unsigned Depth) const;
  bool returnsNonBlocking(const FunctionDecl *Def, unsigned Depth) const;
  bool askIndex(const NamedDecl *D) const;
  void noteCall(const CallExpr *Call, ASTContext &Ctx);
  void noteTarget(const Expr *Call, ASTContext &Ctx);
  void insert(const Expr *Fd);
  /// The container a range-for's variable walks (`for (int fd : fds_)`:
  /// fds_), else \p D.
  const Decl *loopRange(const Decl *D) const;

  ASTContext &Ctx;
  llvm::DenseSet<const Decl *> Decls;
  std::vector<std::string> Handles;
  const ProjectIndex *Index;
  std::map<std::string, bool> *Asked;
};

} // namespace clang::tidy::concur

#endif
