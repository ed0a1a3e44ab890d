//===--- ConcurModule.cpp - concur ----------------------------------------===//
//
// The clang-tidy module "concur": every check registers here, once.
//
//===----------------------------------------------------------------------===//

#include "BlockingCallInCoroutineCheck.h"
#include "ConcurrencyModelCheck.h"
#include "LockAcrossSuspensionCheck.h"
#include "UnawaitedAwaitableCheck.h"
#include "UnguardedSharedStateCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy::concur {

class ConcurModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<BlockingCallInCoroutineCheck>("concur-blocking-call-in-coroutine");
    Factories.registerCheck<UnguardedSharedStateCheck>("concur-unguarded-shared-state");
    Factories.registerCheck<ConcurrencyModelCheck>("concur-concurrency-model");
    Factories.registerCheck<LockAcrossSuspensionCheck>("concur-lock-across-suspension");
    Factories.registerCheck<UnawaitedAwaitableCheck>("concur-unawaited-awaitable");
  }
};

// Registers the module with clang-tidy's registry when this object is linked
// in (the front ends link the checks as an object library, so it always is).
static ClangTidyModuleRegistry::Add<ConcurModule>
    X("concur-module", "Checks for coroutines, event loops, thread pools and shared state.");

} // namespace clang::tidy::concur

// Referenced by front ends that want to be sure the module is linked.
volatile int ConcurModuleAnchorSource = 0;
