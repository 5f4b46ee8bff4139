#pragma once
// The guards the kernel answers from the store (as opposed to the Lua rules' decisions).
#include <set>
#include <string>

#include "alin/workflow/engine.hpp"

namespace alin::workflow {

class StoreGuards final : public GuardEvaluator {
 public:
  // request.no_application_with_landlord: none of the request's applications is with a landlord
  // (transmitted up to allocated, CGU 11.6), so inactivity may close it.
  static std::set<std::string> names() { return {"request.no_application_with_landlord"}; }
  Result<GuardOutcome> evaluate(const std::string& guard, const nlohmann::json& context,
                                soci::session& sql) override;
};

// The effects the kernel runs after commit, which definitions may name as actions.
std::set<std::string> kernel_effects();

}  // namespace alin::workflow
