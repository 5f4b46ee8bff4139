// Whether a request may see offers and apply, and its household in the rules' shape.
#include "alin/requests/active_request.hpp"

#include "alin/requests/employer_facts.hpp"
#include "request_store.hpp"

namespace alin::requests {
namespace {

std::string state_message(const std::string& state) {
  if (state == "imported" || state == "completed")
    return "Complétez votre demande : emploi, consentement et pièces justificatives.";
  if (state == "documents_confirmed") return "Validez votre dossier pour le soumettre.";
  if (state == "submitted")
    return "Votre demande attend la validation de votre entreprise et d'Action Logement.";
  if (state == "company_validated") return "Votre demande attend la validation d'Action Logement.";
  if (state == "adviser_validated")
    return "Votre demande attend la validation de votre entreprise.";
  if (state == "rejected")
    return "Votre demande a été refusée : corrigez-la et soumettez-la de nouveau.";
  if (state == "suspended") return "Votre demande est suspendue.";
  if (state == "closed") return "Votre demande est clôturée.";
  return "Votre demande n'est pas encore active.";
}

}  // namespace

std::optional<HousingRequest> load_request_of(soci::session& sql, const std::string& account_id,
                                              RequestDetailsCache* cache) {
  return load_request(sql, account_id, cache);
}

nlohmann::json household_for_rules(soci::session& sql, const HousingRequest& q,
                                   const plugins::PluginRegistry* plugins) {
  // Built field by field: every listing and detail builds it, and an initializer list would
  // build each pair as an array first and copy it.
  nlohmann::json household(nlohmann::json::value_t::object);
  auto& fields = household.get_ref<nlohmann::json::object_t&>();
  auto& members = fields.emplace("members", nlohmann::json::array_t())
                      .first->second.get_ref<nlohmann::json::array_t&>();
  members.reserve(q.members.size());
  for (const auto& m : q.members) {
    nlohmann::json member(nlohmann::json::value_t::object);
    auto& member_fields = member.get_ref<nlohmann::json::object_t&>();
    member_fields.emplace("role", m.role);
    member_fields.emplace("birthDate", m.birth_date);
    member_fields.emplace("disabled", m.disabled);
    members.push_back(std::move(member));
  }
  fields.emplace("coupleStatus", q.couple_status);
  fields.emplace("taxIncomeN2", q.tax_income_n2);
  if (q.tax_income_n1) fields.emplace("taxIncomeN1", *q.tax_income_n1);
  fields.emplace("monthlyResources", q.monthly_resources);
  fields.emplace("housingBenefit", q.housing_benefit);
  fields.emplace("wantedCommunes", q.wanted_communes);
  fields.emplace("priorityFlags", q.priority_flags);
  // The employer's contribution decides the target public (T 7.2): only a partner company's.
  if (q.employment && !q.employment->company_id.empty()) {
    EmployerFacts employers(sql, plugins);
    const nlohmann::json& employment =
        q.employer ? employers.of(*q.employer) : employers.of(q.employment->company_id);
    if (!employment.is_null()) fields.emplace("employment", employment);
  }
  return household;
}

std::vector<std::string> priority_flags_of(std::string_view stored) {
  std::vector<std::string> flags;
  for (std::size_t start = 0; start < stored.size();) {
    const auto comma = stored.find(',', start);
    const std::string_view flag = stored.substr(start, comma - start);
    if (!flag.empty()) flags.emplace_back(flag);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return flags;
}

long long reference_tax_income(long long n2, std::optional<long long> n1, double drop_percent) {
  // The test of rules/income.lua, term for term: n1 × 100 ≤ n2 × (100 − percent).
  return n1 && static_cast<double>(*n1) * 100 <= static_cast<double>(n2) * (100 - drop_percent)
             ? *n1
             : n2;
}

double n1_drop_percent(const rules::RuleEngine* rules, UnixSeconds now) {
  constexpr double kArrete = 10;  // arrêté du 29 juillet 1987
  if (!rules) return kArrete;
  const auto day = rules::parse_date(format_utc(now).substr(0, 10));
  if (!day) return kArrete;
  return rules->parameter("income_n1_drop_percent", *day).value_or(kArrete);
}

Result<ActiveRequest> active_request(soci::session& sql, const std::string& account_id,
                                     UnixSeconds now, const plugins::PluginRegistry* plugins,
                                     RequestDetailsCache* cache) {
  auto found = load_request(sql, account_id, cache);
  if (!found) {
    return Error::of(ErrorKind::not_found, "no_request", "Vous n'avez pas encore de demande.");
  }
  ActiveRequest active;
  active.request = std::move(*found);
  const std::string today = format_utc(now).substr(0, 10);
  std::vector<FieldError> missing;
  if (active.request.state != "active") {
    missing.push_back(
        {"state", "request_" + active.request.state, state_message(active.request.state)});
  }
  bool socle = true, all = true;
  for (const auto& d : active.request.documents) {
    const bool in_date = d.confirmed_at && (d.valid_until.empty() || d.valid_until >= today);
    if (!in_date) {
      all = false;
      if (d.socle) socle = false;
      missing.push_back({"documents." + d.kind, d.confirmed_at ? "expired" : "not_confirmed",
                         d.confirmed_at ? "Cette pièce n'est plus valable depuis le " +
                                              d.valid_until + " : renouvelez-la."
                                        : "Cette pièce n'est pas encore confirmée."});
    }
  }
  active.documents_complete = all;
  active.socle_complete = socle;
  if (!missing.empty()) {
    Error error = Error::of(ErrorKind::conflict, "request_not_active",
                            "Votre demande doit être active, pièces à jour, pour voir les offres "
                            "et postuler.");
    error.errors = std::move(missing);
    return error;
  }
  active.household = household_for_rules(sql, active.request, plugins);
  return active;
}

}  // namespace alin::requests
