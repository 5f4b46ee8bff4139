#pragma once
#include "server/services.hpp"

namespace alin::host {

// Loads the demo organisations and accounts (docs/demo.md lists them). Idempotent: a second run
// on the same database adds nothing.
void load_demo_data(Services& services);

}  // namespace alin::host
