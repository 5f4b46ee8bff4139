#include "requests/request_store.hpp"

#include <algorithm>

#include "alin/requests/active_request.hpp"
#include "alin/store/prepared.hpp"
#include "alin/util/crypto.hpp"

namespace alin::requests {
namespace {

std::string text(const soci::row& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_ok ? r.get<std::string>(i) : std::string();
}

std::optional<long long> big(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<long long>(i);
}

// The reads of a request, by its id (or its account's), run at every listing and detail of the
// offers: prepared once per connection (store::rows_by_key).

// A company's record as company_from reads it, from organisations `o`.
#define ALIN_COMPANY_COLUMNS \
  "o.id, o.siret, o.name, o.employees, o.contribution, o.sector, o.pseec_rights_left, o.policy"

// The request's row, the revision of the rows hanging from it, and its employer's record, always
// read fresh (the company's figures are not under the revision), in one statement.
struct RequestOfAccount {
  static constexpr const char* sql =
      "SELECT r.id, r.account_id, r.unique_number, r.department, r.state, r.plugin, r.site_email,"
      " r.couple_status, r.tax_income_n2, r.tax_income_n1, r.monthly_resources,"
      " r.housing_benefit, r.current_town, r.registered_on, r.renewal_due, r.imported_at,"
      " r.refreshed_at, r.priority_flags, r.details_revision, " ALIN_COMPANY_COLUMNS
      " FROM housing_requests r LEFT JOIN employments e ON e.request_id = r.id"
      " LEFT JOIN organisations o ON o.id = e.company_id WHERE r.account_id = :a";
};
struct MembersOf {
  static constexpr const char* sql =
      "SELECT role, title, last_name, first_name, birth_date, disabled FROM household_members"
      " WHERE request_id = :id ORDER BY position";
};
struct WantedCommunesOf {
  static constexpr const char* sql =
      "SELECT insee FROM wanted_communes WHERE request_id = :id ORDER BY position";
};
struct EmploymentOf {
  static constexpr const char* sql =
      "SELECT e.employer_name, e.employer_siret, e.company_id, e.company_code,"
      " e.employee_number, e.hire_date, e.cdii, e.attach_to, e.several_employers,"
      " e.workplace_postcode, e.workplace_town, o.name FROM employments e"
      " LEFT JOIN organisations o ON o.id = e.company_id WHERE e.request_id = :id";
};
struct ConsentOf {
  static constexpr const char* sql = "SELECT level FROM consents WHERE request_id = :id";
};
struct DocumentsOf {
  static constexpr const char* sql =
      "SELECT kind, category, socle, confirmed_at, valid_until FROM supporting_documents"
      " WHERE request_id = :id ORDER BY socle DESC, kind";
};
struct CompanyById {
  static constexpr const char* sql =
      "SELECT " ALIN_COMPANY_COLUMNS " FROM organisations o WHERE o.id = :id";
};

// The 8 columns of ALIN_COMPANY_COLUMNS from column `at` on.
CompanyRecord company_from(const soci::row& r, std::size_t at) {
  CompanyRecord record;
  record.company.id = r.get<std::string>(at);
  record.company.siret = text(r, at + 1);
  record.company.name = r.get<std::string>(at + 2);
  record.company.employees = r.get_indicator(at + 3) == soci::i_ok ? r.get<int>(at + 3) : 0;
  record.company.contribution = text(r, at + 4);
  record.agricultural = text(r, at + 5) == "agricultural";
  if (r.get_indicator(at + 6) == soci::i_ok) record.company.pseec_rights_left = r.get<int>(at + 6);
  record.policy = text(r, at + 7);
  return record;
}

// The rows hanging from the request `id`.
void load_details(soci::session& sql, RequestDetails& q, const std::string& id) {
  {
    auto& rows = store::rows_by_key<MembersOf>(sql, id);
    while (rows.next()) {
      const soci::row& r = rows.row;
      q.members.push_back(
          {text(r, 0), text(r, 1), text(r, 2), text(r, 3), text(r, 4), r.get<int>(5) != 0});
    }
  }
  {
    auto& rows = store::rows_by_key<WantedCommunesOf>(sql, id);
    while (rows.next()) q.wanted_communes.push_back(text(rows.row, 0));
  }
  {
    auto& rows = store::rows_by_key<EmploymentOf>(sql, id);
    while (rows.next()) {
      const soci::row& r = rows.row;
      Employment e;
      e.employer_name = text(r, 0);
      e.employer_siret = text(r, 1);
      e.company_id = text(r, 2);
      e.company_code = text(r, 3);
      e.employee_number = text(r, 4);
      e.hire_date = text(r, 5);
      e.cdii = r.get<int>(6) != 0;
      e.attach_to = text(r, 7);
      e.several_employers = r.get<int>(8) != 0;
      e.workplace_postcode = text(r, 9);
      e.workplace_town = text(r, 10);
      e.company_name = text(r, 11);
      q.employment = e;
    }
  }
  {
    auto& rows = store::rows_by_key<ConsentOf>(sql, id);
    while (rows.next()) {
      if (rows.row.get_indicator(0) == soci::i_ok) q.consent_level = rows.row.get<int>(0);
    }
  }
  {
    auto& rows = store::rows_by_key<DocumentsOf>(sql, id);
    while (rows.next()) {
      const soci::row& r = rows.row;
      q.documents.push_back({text(r, 0), text(r, 1), r.get<int>(2) != 0, big(r, 3), text(r, 4)});
    }
  }
}

void attach(HousingRequest& q, RequestDetails details) {
  q.members = std::move(details.members);
  q.wanted_communes = std::move(details.wanted_communes);
  q.employment = std::move(details.employment);
  q.consent_level = details.consent_level;
  q.documents = std::move(details.documents);
}

void load_details(soci::session& sql, HousingRequest& q) {
  RequestDetails details;
  load_details(sql, details, q.id);
  attach(q, std::move(details));
}

// The first 18 columns of RequestOfAccount, in its order (the company's list starts with the same).
HousingRequest from_row(const soci::row& r) {
  HousingRequest q;
  q.id = text(r, 0);
  q.account_id = text(r, 1);
  q.unique_number = text(r, 2);
  q.department = text(r, 3);
  q.state = text(r, 4);
  q.plugin = text(r, 5);
  q.site_email = text(r, 6);
  q.couple_status = text(r, 7);
  q.tax_income_n2 = r.get<long long>(8);
  q.tax_income_n1 = big(r, 9);
  q.monthly_resources = r.get<long long>(10);
  q.housing_benefit = r.get<long long>(11);
  q.current_town = text(r, 12);
  q.registered_on = text(r, 13);
  q.renewal_due = text(r, 14);
  q.imported_at = r.get<long long>(15);
  q.refreshed_at = big(r, 16);
  q.priority_flags = priority_flags_of(text(r, 17));
  return q;
}

void write_household(soci::session& sql, const std::string& id, const sdk::SiteRequest& site) {
  sql << "DELETE FROM household_members WHERE request_id = :id", soci::use(id);
  sql << "DELETE FROM wanted_communes WHERE request_id = :id", soci::use(id);
  int position = 0;
  for (const auto& m : site.members) {
    const int disabled = m.disabled ? 1 : 0;
    sql << "INSERT INTO household_members (request_id, position, role, title, last_name, "
           "first_name,"
           " birth_date, disabled) VALUES (:id, :p, :role, :title, :last, :first, :birth, "
           ":disabled)",
        soci::use(id), soci::use(position), soci::use(m.role), soci::use(m.title),
        soci::use(m.last_name), soci::use(m.first_name), soci::use(m.birth_date),
        soci::use(disabled);
    ++position;
  }
  position = 0;
  for (const auto& insee : site.wanted_communes) {
    sql << "INSERT INTO wanted_communes (request_id, position, insee) VALUES (:id, :p, :insee)",
        soci::use(id), soci::use(position), soci::use(insee);
    ++position;
  }
}

// The documents a request asks for: the socle (identity, resources, tax notice), the current
// housing and the motive, and what the household's situation adds (T 11.7–11.12, G p6): the
// co-applicant's identity and resources, the family record for dependants, a proof of the
// disability that moves the household up a category. Run again at each refresh: a new child or a
// new co-applicant adds its documents (those already there, confirmed or not, stay as they are).
void seed_documents(soci::session& sql, const std::string& id, const sdk::SiteRequest& site) {
  struct Seed {
    const char* kind;
    const char* category;
    int socle;
  };
  std::vector<Seed> seeds = {{"identity", "identity", 1},
                             {"resources", "resources", 1},
                             {"tax_notice", "tax_notice", 1},
                             {"current_housing", "housing", 0},
                             {"motive", "motive", 0}};
  const auto any = [&](auto&& test) {
    return std::any_of(site.members.begin(), site.members.end(), test);
  };
  if (any([](const sdk::SitePerson& m) { return m.role == "coApplicant"; })) {
    seeds.push_back({"identity_co_applicant", "identity", 1});
    seeds.push_back({"resources_co_applicant", "resources", 1});
  }
  if (any([](const sdk::SitePerson& m) { return m.role == "dependant"; })) {
    seeds.push_back({"family_record", "identity", 0});
  }
  if (any([](const sdk::SitePerson& m) { return m.disabled; })) {
    seeds.push_back({"disability_proof", "situation", 0});
  }
  for (const auto& s : seeds) {
    const std::string kind = s.kind, category = s.category;
    sql << "INSERT INTO supporting_documents (request_id, kind, category, socle)"
           " VALUES (:id, :k, :c, :s) ON CONFLICT (request_id, kind) DO NOTHING",
        soci::use(id), soci::use(kind), soci::use(category), soci::use(s.socle);
  }
}

}  // namespace

std::string company_by_siret(soci::session& sql, const std::string& siret) {
  if (siret.empty()) return "";
  std::string id;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id FROM organisations WHERE kind = 'company' AND siret = :s", soci::use(siret),
      soci::into(id, ind);
  return sql.got_data() && ind == soci::i_ok ? id : "";
}

std::optional<CompanyRecord> load_company(soci::session& sql, const std::string& company_id) {
  auto& rows = store::rows_by_key<CompanyById>(sql, company_id);
  std::optional<CompanyRecord> found;
  while (rows.next()) found = company_from(rows.row, 0);
  return found;
}

std::optional<HousingRequest> load_request(soci::session& sql, const std::string& account_id,
                                           RequestDetailsCache* cache) {
  auto& rows = store::rows_by_key<RequestOfAccount>(sql, account_id);
  std::optional<HousingRequest> found;
  long long revision = 0;
  while (rows.next()) {
    found = from_row(rows.row);
    revision = rows.row.get<long long>(18);
    if (rows.row.get_indicator(19) == soci::i_ok) found->employer = company_from(rows.row, 19);
  }
  if (!found) return found;
  if (!cache) {
    load_details(sql, *found);
    return found;
  }
  auto details = cache->find(found->id, revision);
  if (!details) {
    auto read = std::make_shared<RequestDetails>();
    load_details(sql, *read, found->id);
    details = read;
    cache->keep(found->id, revision, std::move(read));
  }
  attach(*found, *details);
  return found;
}

std::vector<std::pair<HousingRequest, std::string>> load_company_requests(
    soci::session& sql, const std::string& company_id) {
  std::vector<std::pair<HousingRequest, std::string>> out;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare
             << "SELECT r.id, r.account_id, r.unique_number, r.department, r.state, r.plugin,"
                " r.site_email, r.couple_status, r.tax_income_n2, r.tax_income_n1,"
                " r.monthly_resources, r.housing_benefit, r.current_town, r.registered_on,"
                " r.renewal_due, r.imported_at, r.refreshed_at, r.priority_flags, a.email"
                " FROM housing_requests r JOIN employments e ON e.request_id = r.id"
                " JOIN accounts a ON a.id = r.account_id"
                " WHERE e.company_id = :c ORDER BY r.imported_at, r.id",
         soci::use(company_id));
    for (const auto& r : rows) out.emplace_back(from_row(r), text(r, 18));
  }
  for (auto& [request, email] : out) load_details(sql, request);
  return out;
}

std::string insert_request(soci::session& sql, const std::string& account_id,
                           const sdk::Imported& imported, const std::string& department,
                           const std::string& plugin, UnixSeconds now) {
  const sdk::SiteRequest& s = imported.request;
  const std::string id = crypto::new_id();
  const long long at = now;
  const long long n1 = s.tax_income_n1.value_or(0);
  soci::indicator n1_ind = s.tax_income_n1 ? soci::i_ok : soci::i_null;
  const std::string state = "imported";
  sql << "INSERT INTO housing_requests (id, account_id, unique_number, department, state, "
         "couple_status,"
         " tax_income_n2, tax_income_n1, monthly_resources, housing_benefit, registered_on, "
         "imported_at,"
         " last_activity_at, plugin, site_email, refresh_token, renewal_due, current_town) VALUES "
         "(:id,"
         " :account, :nur, :dept, :state, :couple, :n2, :n1, :resources, :benefit, :registered, "
         ":at,"
         " :at2, :plugin, :email, :token, :renewal, :town)",
      soci::use(id), soci::use(account_id), soci::use(s.unique_number), soci::use(department),
      soci::use(state), soci::use(s.couple_status), soci::use(s.tax_income_n2),
      soci::use(n1, n1_ind), soci::use(s.monthly_resources), soci::use(s.housing_benefit),
      soci::use(s.registered_on), soci::use(at), soci::use(at), soci::use(plugin),
      soci::use(s.email), soci::use(imported.refresh_token), soci::use(s.renewal_due),
      soci::use(s.current_town);
  write_household(sql, id, s);
  const std::string company = company_by_siret(sql, s.employer_siret);
  soci::indicator company_ind = company.empty() ? soci::i_null : soci::i_ok;
  const int several = s.several_employers ? 1 : 0;
  const std::string attach = "applicant";
  sql << "INSERT INTO employments (request_id, employer_name, employer_siret, company_id, "
         "attach_to,"
         " several_employers, workplace_postcode, workplace_town) VALUES (:id, :name, :siret, "
         ":company,"
         " :attach, :several, :postcode, :town)",
      soci::use(id), soci::use(s.employer_name), soci::use(s.employer_siret),
      soci::use(company, company_ind), soci::use(attach), soci::use(several),
      soci::use(s.workplace_postcode), soci::use(s.workplace_town);
  seed_documents(sql, id, s);
  return id;
}

void update_from_site(soci::session& sql, const std::string& id, const sdk::SiteRequest& s,
                      UnixSeconds now) {
  const long long at = now;
  const long long n1 = s.tax_income_n1.value_or(0);
  soci::indicator n1_ind = s.tax_income_n1 ? soci::i_ok : soci::i_null;
  sql << "UPDATE housing_requests SET couple_status = :couple, tax_income_n2 = :n2, tax_income_n1 "
         "= :n1,"
         " monthly_resources = :resources, housing_benefit = :benefit, registered_on = :registered,"
         " site_email = :email, renewal_due = :renewal, current_town = :town, refreshed_at = :at,"
         " last_activity_at = :at2 WHERE id = :id",
      soci::use(s.couple_status), soci::use(s.tax_income_n2), soci::use(n1, n1_ind),
      soci::use(s.monthly_resources), soci::use(s.housing_benefit), soci::use(s.registered_on),
      soci::use(s.email), soci::use(s.renewal_due), soci::use(s.current_town), soci::use(at),
      soci::use(at), soci::use(id);
  write_household(sql, id, s);
  seed_documents(sql, id, s);
  const int several = s.several_employers ? 1 : 0;
  // The site's employer facts; the applicant's own form (name, code, number…) stays.
  sql << "UPDATE employments SET several_employers = :several, workplace_postcode = :postcode,"
         " workplace_town = :town WHERE request_id = :id",
      soci::use(several), soci::use(s.workplace_postcode), soci::use(s.workplace_town),
      soci::use(id);
  const std::string company = company_by_siret(sql, s.employer_siret);
  soci::indicator company_ind = company.empty() ? soci::i_null : soci::i_ok;
  sql << "UPDATE employments SET employer_siret = :siret, company_id = :company WHERE request_id = "
         ":id"
         " AND attach_to = 'applicant'",
      soci::use(s.employer_siret), soci::use(company, company_ind), soci::use(id);
}

}  // namespace alin::requests
