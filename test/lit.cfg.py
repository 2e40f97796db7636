# lit configuration for async-tidy's test suites.
#
# Substitutions:
#   %check_async_tidy  the check-test driver (clang-tidy's check_clang_tidy
#                      contract), run through async-tidy and stock clang-tidy
#                      with the plugin
#   %async-tidy        build/bin/async-tidy
#   %async-clangd      build/bin/async-clangd
#   %clang-tidy-plugin clang-tidy-22 --load=build/lib/AsyncTidyModule.so
#   %compiler-plugin   build/lib/AsyncTidyPlugin.so (clang++-22 -fplugin=)
#   %clangxx           clang++-22
#   %other-clangxx     clang++-14 (another Clang major version)
#   %cxx20             the flags a test TU compiles with (C++20, aio, Inputs)
import os
import shutil

import lit.formats

config.name = "async-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "runtime", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.async_tidy_obj_root, "test")

src = config.async_tidy_src_root
obj = config.async_tidy_obj_root
bin_dir = os.path.join(obj, "bin")

config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Tests must not depend on the user's home configuration.
config.environment["HOME"] = os.path.join(config.test_exec_root, "home")
config.environment["XDG_CONFIG_HOME"] = os.path.join(config.test_exec_root, "home", ".config")

stock_clang_tidy = shutil.which("clang-tidy-22") or os.path.join(config.llvm_tools_dir, "clang-tidy")
stock_clangd = shutil.which("clangd-22") or os.path.join(config.llvm_tools_dir, "clangd")
plugin = os.path.join(obj, "lib", "AsyncTidyModule.so")
compiler_plugin = os.path.join(obj, "lib", "AsyncTidyPlugin.so")
clangxx = shutil.which("clang++-22") or os.path.join(config.llvm_tools_dir, "clang++")
inputs = os.path.join(src, "test", "Inputs")
cxx20 = "-std=c++20 -I{} -I{}".format(os.path.join(src, "runtime", "include"), inputs)

config.substitutions.append(("%check_async_tidy",
    "{} {} --async-tidy {} --clang-tidy {} --plugin {} --clangxx {} --compiler-plugin {}".format(
        "python3", os.path.join(src, "test", "check_async_tidy.py"),
        os.path.join(bin_dir, "async-tidy"), stock_clang_tidy, plugin,
        clangxx, compiler_plugin)))
config.substitutions.append(("%async-tidy", os.path.join(bin_dir, "async-tidy")))
config.substitutions.append(("%async-clangd", os.path.join(bin_dir, "async-clangd")))
config.substitutions.append(("%stock-clangd", stock_clangd))
config.substitutions.append(("%clang-tidy-plugin", "{} --load={}".format(stock_clang_tidy, plugin)))
config.substitutions.append(("%compiler-plugin", compiler_plugin))
config.substitutions.append(("%clangxx", clangxx))
config.substitutions.append(("%other-clangxx", shutil.which("clang++-14") or "clang++-14"))
config.substitutions.append(("%cxx20", cxx20))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%src_root", src))
config.substitutions.append(("%obj_root", obj))
config.substitutions.append(("%async_tidy_version", config.async_tidy_version))
config.substitutions.append(("%clang_version", config.clang_version))
# The mutation smoke test's seed (test/robustness): fixed, so that CI runs
# are reproducible; set ASYNC_TIDY_MUTATION_SEED to try other mutants.
config.substitutions.append(("%mutation_seed",
                             os.environ.get("ASYNC_TIDY_MUTATION_SEED", "15")))

# A scratch directory outside the source tree, for tests that must not see
# any .clang-tidy above them.
import atexit
import tempfile
outside_tree = tempfile.mkdtemp(prefix="async-tidy-lit-")
atexit.register(shutil.rmtree, outside_tree, True)
config.substitutions.append(("%outside_tree", outside_tree))
