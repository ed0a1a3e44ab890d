//===--- PluginAnchor.cpp - concur ----------------------------------------===//
//
// The plugin's only source: the concur module registers itself from the
// linked-in checks (checks/ConcurModule.cpp) when clang-tidy loads the plugin.
// Referencing its anchor keeps the registration even if the module's object
// file would otherwise be dropped.
//
//===----------------------------------------------------------------------===//

extern volatile int ConcurModuleAnchorSource;

// Exported so that nothing can discard the reference.
[[gnu::used]] int ConcurPluginAnchorDestination = ConcurModuleAnchorSource;
