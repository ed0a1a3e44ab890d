# lit configuration for the concur checks and the concur CLI.
import os

import lit.formats

config.name = "concur"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.test_source_root = os.path.dirname(__file__)
# The runtime's GoogleTest sources and shared inputs are not lit tests.
config.excludes = ["runtime", "Inputs", "CMakeLists.txt", "lit.cfg.py", "check_concur.py",
                   "expect_exit.py", "validate_sarif.py", "robustness"]

config.environment["PATH"] = os.pathsep.join(
    [config.concur_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Keep diagnostics free of colour codes and of the user's locale.
config.environment["TERM"] = "dumb"

src = config.concur_src_root
runtime_include = os.path.join(src, "runtime", "include")
config.substitutions.append(("%concur_src", src))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%concur_lib", config.concur_lib_dir))
config.substitutions.append(("%runtime_include", runtime_include))
config.substitutions.append(
    ("%check_concur",
     "%s %s --concur %s --clangxx %s -I%s" % (
         config.python_executable, os.path.join(src, "test", "check_concur.py"),
         os.path.join(config.concur_bin_dir, "concur"), config.clangxx,
         os.path.join(src, "test", "checks", "Inputs"))))
config.substitutions.append(
    ("%expect_exit", "%s %s" % (config.python_executable, os.path.join(src, "test", "expect_exit.py"))))
config.substitutions.append(("%concur", os.path.join(config.concur_bin_dir, "concur")))

# A real browser for the advise page's layout test (scripts/test.sh installs
# Debian's chromium; without it that test is reported UNSUPPORTED).
import shutil
if shutil.which("chromium"):
    config.available_features.add("chromium")
