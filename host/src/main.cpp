#include "server/host_application.hpp"

int main(int argc, char** argv) {
  alin::host::HostApplication application;
  return application.run(argc, argv);
}
