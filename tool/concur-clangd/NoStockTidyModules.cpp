//===--- NoStockTidyModules.cpp - concur-clangd ---------------------------===//
//
// Built only with CONCUR_CLANGD_STOCK_TIDY_MODULES=OFF. clangd's ParsedAST.cpp
// includes ClangTidyForceLinker.h, which references one anchor variable per
// clang-tidy module it ships so that the linker keeps the modules. Defining
// the anchors here satisfies those references without linking the modules:
// the binary then runs the concur checks only.
//
//===----------------------------------------------------------------------===//

namespace clang::tidy {
volatile int AbseilModuleAnchorSource = 0;
volatile int AlteraModuleAnchorSource = 0;
volatile int AndroidModuleAnchorSource = 0;
volatile int BoostModuleAnchorSource = 0;
volatile int BugproneModuleAnchorSource = 0;
volatile int CERTModuleAnchorSource = 0;
volatile int ConcurrencyModuleAnchorSource = 0;
volatile int CppCoreGuidelinesModuleAnchorSource = 0;
volatile int DarwinModuleAnchorSource = 0;
volatile int FuchsiaModuleAnchorSource = 0;
volatile int GoogleModuleAnchorSource = 0;
volatile int HICPPModuleAnchorSource = 0;
volatile int LinuxKernelModuleAnchorSource = 0;
volatile int LLVMLibcModuleAnchorSource = 0;
volatile int LLVMModuleAnchorSource = 0;
volatile int MiscModuleAnchorSource = 0;
volatile int ModernizeModuleAnchorSource = 0;
volatile int MPIModuleAnchorSource = 0;
volatile int ObjCModuleAnchorSource = 0;
volatile int OpenMPModuleAnchorSource = 0;
volatile int PerformanceModuleAnchorSource = 0;
volatile int PortabilityModuleAnchorSource = 0;
volatile int ReadabilityModuleAnchorSource = 0;
volatile int ZirconModuleAnchorSource = 0;
} // namespace clang::tidy
