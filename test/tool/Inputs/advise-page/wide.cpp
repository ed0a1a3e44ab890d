// A coroutine whose evidence line is far wider than any window.
#include <concur/task/task.hpp>
#include <cstdio>

concur::task<> read_the_configuration_file_of_the_service_with_a_name_this_long_on_purpose() {
  std::FILE *f = std::fopen("/etc/a/deeply/nested/configuration/directory/of/a/service/whose/path/goes/on/and/on/past/the/edge/of/any/window/service.conf", "r");
  co_return;
}
