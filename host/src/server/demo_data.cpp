#include "server/demo_data.hpp"

#include <iostream>

#include "server/demo_offers.hpp"

namespace alin::host {
namespace {

// Every demo account shares this password; it follows the platform's rules.
constexpr const char* kDemoPassword = "Demo2026alin";

std::string organisation_by_name(Services& services, const std::string& name) {
  return services.database->read([&](soci::session& sql) {
    std::string id;
    sql << "SELECT id FROM organisations WHERE name = :n", soci::use(name), soci::into(id);
    return id;
  });
}

std::string ensure_company(Services& services, organisations::NewCompany company) {
  if (auto id = organisation_by_name(services, company.name); !id.empty()) return id;
  auto created = services.organisations->create_company(company);
  if (!created)
    throw std::runtime_error("demo company " + company.name + ": " + created.error().title);
  return *created;
}

std::string ensure_landlord(Services& services, const std::string& name,
                            const std::string& plugin) {
  if (auto id = organisation_by_name(services, name); !id.empty()) return id;
  auto created = services.organisations->create_landlord({name, plugin});
  if (!created) throw std::runtime_error("demo landlord " + name + ": " + created.error().title);
  return *created;
}

void ensure_account(Services& services, const std::string& email, const std::string& last_name,
                    const std::string& first_name, Role role,
                    const std::string& organisation_id = "") {
  accounts::NewAccount account{last_name, first_name, "0612345678", email, true, true};
  auto created =
      services.accounts->create_active_account(account, role, kDemoPassword, organisation_id);
  if (!created && created.error().code != "email_taken") {
    throw std::runtime_error("demo account " + email + ": " + created.error().title);
  }
}

}  // namespace

void load_demo_data(Services& services) {
  const std::string acme =
      ensure_company(services, {"41234567800004", "Acme Industrie", 1200, "non_agricultural",
                                "PEEC", std::nullopt, "default"});
  const std::string coop =
      ensure_company(services, {"55234567800007", "Coopérative agricole du Léon", 85,
                                "agricultural", "PEAEC", std::nullopt, "default"});
  ensure_company(services, {"66234567800004", "Petite Fabrique", 6, "non_agricultural", "PSEEC", 12,
                            "default"});
  const std::string social = ensure_landlord(services, "Habitat Social Francilien", "generic");
  const std::string inli = ensure_landlord(services, "In'li", "inli");
  const std::string breizh = ensure_landlord(services, "Brest Métropole Habitat", "generic");
  const std::string finistere = ensure_landlord(services, "Finistère Habitat", "generic");
  generate_demo_offers(services, {{"11", {social, inli}}, {"53", {breizh, finistere}}},
                       services.config.demo_offers);

  if (services.config.admin_email.empty()) {
    services.accounts->ensure_admin("admin@alin.demo", kDemoPassword);
  }
  ensure_account(services, "conseiller@alin.demo", "Durand", "Sophie", Role::adviser);
  ensure_account(services, "analyste@alin.demo", "Lefèvre", "Paul", Role::analyst);
  ensure_account(services, "rh@acme.demo", "Bernard", "Claire", Role::company, acme);
  ensure_account(services, "rh@cooperative-leon.demo", "Le Gall", "Yann", Role::company, coop);
  ensure_account(services, "location@habitat-social.demo", "Moreau", "Julie", Role::landlord,
                 social);
  ensure_account(services, "location@inli.demo", "Petit", "Marc", Role::landlord, inli);
  ensure_account(services, "camille.martin@example.fr", "Martin", "Camille", Role::applicant);
  std::cout << "demo data: accounts *@alin.demo, rh@acme.demo, camille.martin@example.fr… password "
            << kDemoPassword << " (docs/demo.md)" << std::endl;
}

}  // namespace alin::host
