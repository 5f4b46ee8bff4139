#include "alin/rules/decision.hpp"

namespace alin::rules {

using nlohmann::json;

json to_json(const Reason& reason) {
  return {{"code", reason.code},
          {"outcome", reason.outcome},
          {"message", reason.message},
          {"figures", reason.figures}};
}

namespace {
json reasons_json(const std::vector<Reason>& reasons) {
  json out = json::array();
  for (const auto& r : reasons) out.push_back(to_json(r));
  return out;
}
}  // namespace

json to_json(const Decision& d) {
  return {{"eligible", d.eligible}, {"category", d.category},
          {"zone", d.zone},         {"ceiling", d.ceiling ? json(*d.ceiling) : json(nullptr)},
          {"target", d.target},     {"reasons", reasons_json(d.reasons)},
          {"asOf", d.as_of},        {"ruleSetVersion", d.rule_set_version}};
}

json to_json(const LimitsDecision& d) {
  return {{"allowed", d.allowed},
          {"reasons", reasons_json(d.reasons)},
          {"asOf", d.as_of},
          {"ruleSetVersion", d.rule_set_version}};
}

json to_json(const RankingDecision& d) {
  json ranked = json::array();
  for (const auto& c : d.ranked) {
    ranked.push_back({{"applicationId", c.application_id},
                      {"rank", c.rank},
                      {"kept", c.kept},
                      {"reasons", reasons_json(c.reasons)}});
  }
  return {{"ranked", ranked},
          {"kept", d.kept},
          {"asOf", d.as_of},
          {"ruleSetVersion", d.rule_set_version}};
}

}  // namespace alin::rules
