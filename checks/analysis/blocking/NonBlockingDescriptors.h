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
// Flags are read from the spelling, like the catalogue's has_flag. Also the
// descriptors a framework's socket type hands out, which its profile says
// it keeps non-blocking.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_NONBLOCKINGDESCRIPTORS_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_NONBLOCKINGDESCRIPTORS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

class NonBlockingDescriptors {
public:
  /// Scans the whole translation unit once. \p Handles: functions whose
  /// result is a descriptor their framework keeps non-blocking (the
  /// profiles' nonblocking_handles: libcoro's socket::native_handle()).
  explicit NonBlockingDescriptors(ASTContext &Ctx, std::vector<std::string> Handles = {});

  /// Does \p Fd name (a variable, a field, an element of an array) a
  /// descriptor that this translation unit makes non-blocking somewhere?
  bool contains(const Expr *Fd) const;

private:
  void noteCall(const CallExpr *Call, ASTContext &Ctx);
  void noteTarget(const Expr *Call, ASTContext &Ctx);
  void insert(const Expr *Fd);

  llvm::DenseSet<const Decl *> Decls;
  std::vector<std::string> Handles;
};

} // namespace clang::tidy::concur

#endif
