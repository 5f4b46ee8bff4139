// The plugin loader on small test plugins: a good one, a wrong ABI version, another toolchain, a
// missing symbol, a create that refuses or throws; settings checked against the declared ones.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "alin/plugins/plugin_registry.hpp"
#include "support/simulator_process.hpp"

using namespace alin;

namespace {

std::string module(const std::string& name) {
  return std::string(ALIN_TEST_PLUGIN_DIR) + "/alin-test_" + name + ".so";
}

TEST(PluginLoader, LoadsAGoodPluginAndReadsItsRecord) {
  auto library = plugins::PluginLibrary::load(module("good_site"));
  ASSERT_TRUE(library.ok()) << library.error().title;
  const plugins::PluginInfo& info = library.value()->info();
  EXPECT_EQ(info.name, "test_good_site");
  EXPECT_EQ(info.version, "2.3.4");
  EXPECT_EQ(info.kind, plugins::Kind::department);
  EXPECT_EQ(info.toolchain, ALIN_SDK_TOOLCHAIN_ID);
  ASSERT_EQ(info.settings.size(), 2u);
  EXPECT_TRUE(info.settings[0].required);

  auto site = library.value()->create_department({{"greeting", "bonjour"}});
  ASSERT_TRUE(site.ok()) << site.error().title;
  EXPECT_EQ(site.value()->site_url("29"), "https://bonjour.bretagne.test") << "the default applies";
  auto sent = site.value()->send_access_code("0290423808575GDPUB");
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->masked_email, "t***@e***.fr");
  // An exception inside the plugin comes back as a value.
  auto thrown = site.value()->send_access_code("throw");
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().fault, sdk::Fault::internal);
  EXPECT_EQ(thrown.error().message, "boom");
  auto wrong = site.value()->fetch("x", "y");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wrong_code");
}

TEST(PluginLoader, ChecksSettingsBeforeCreate) {
  auto library = plugins::PluginLibrary::load(module("good_site"));
  ASSERT_TRUE(library.ok());
  auto missing = library.value()->create_department({});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "missing_setting");
  EXPECT_EQ(missing.error().errors.at(0).field, "plugins.test_good_site.greeting");
  auto unknown = library.value()->create_department({{"greeting", "x"}, {"colour", "blue"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_setting");
  auto wrong_kind = library.value()->create_landlord({{"greeting", "x"}});
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.error().code, "wrong_kind");
  EXPECT_NE(wrong_kind.error().title.find("is a department plugin, not a landlord one"),
            std::string::npos);
}

TEST(PluginLoader, RefusesAnotherAbiVersionWithAPreciseMessage) {
  auto library = plugins::PluginLibrary::load(module("wrong_abi"));
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "abi_version_mismatch");
  EXPECT_NE(library.error().title.find("built for SDK ABI version 999, this host speaks version 1"),
            std::string::npos)
      << library.error().title;
  EXPECT_NE(library.error().title.find("alin-test_wrong_abi.so"), std::string::npos);
}

TEST(PluginLoader, RefusesAnotherToolchain) {
  auto library = plugins::PluginLibrary::load(module("wrong_toolchain"));
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "toolchain_mismatch");
  EXPECT_NE(library.error().title.find("sparc/libfoo-abi7"), std::string::npos);
}

TEST(PluginLoader, RefusesAMissingSymbol) {
  auto library = plugins::PluginLibrary::load(module("missing_symbol"));
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "missing_symbol");
  EXPECT_NE(library.error().title.find("alin_plugin_destroy"), std::string::npos);
}

TEST(PluginLoader, RefusesWhatIsNotALibrary) {
  alin::testing::TempDir dir;
  const std::string path = dir.path() + "/alin-fake.so";
  { std::ofstream(path) << "not an ELF file"; }
  auto library = plugins::PluginLibrary::load(path);
  ASSERT_FALSE(library.ok());
  EXPECT_EQ(library.error().code, "not_a_library");
}

TEST(PluginLoader, ACreateThatFailsOrThrowsIsAnError) {
  auto library = plugins::PluginLibrary::load(module("failing_create"));
  ASSERT_TRUE(library.ok()) << library.error().title;
  auto refused = library.value()->create_company({});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "create_failed");
  EXPECT_NE(refused.error().title.find("no_codes: le fichier des codes manque"), std::string::npos)
      << refused.error().title;
  auto thrown = library.value()->create_company({{"mode", "throw"}});
  ASSERT_FALSE(thrown.ok());
  EXPECT_NE(thrown.error().title.find("exception: database of codes unreachable"),
            std::string::npos)
      << thrown.error().title;
}

TEST(PluginRegistry, LoadsAFolderAndListsEveryProblem) {
  plugins::RegistryOptions options;
  options.directories = {ALIN_TEST_PLUGIN_DIR, "/no/such/folder"};
  options.settings["test_good_site"] = {{"greeting", "salut"}};
  auto registry = plugins::PluginRegistry::load(options);
  ASSERT_NE(registry->department("test_good_site"), nullptr);
  EXPECT_EQ(registry->department("test_good_site")->site_url(""), "https://salut.bretagne.test");
  EXPECT_EQ(registry->company("test_failing_create"), nullptr);
  std::set<std::string> codes;
  for (const auto& p : registry->problems()) codes.insert(p.code);
  EXPECT_EQ(codes,
            (std::set<std::string>{"no_directory", "abi_version_mismatch", "toolchain_mismatch",
                                   "missing_symbol", "create_failed"}));
  ASSERT_EQ(registry->loaded().size(), 1u);
}

TEST(PluginRegistry, LoadsTheShippedPluginsWithTheirDefaults) {
  plugins::RegistryOptions options;
  options.directories = {alin::testing::built_plugin_directory()};
  options.company_policies_directory = std::string(ALIN_SOURCE_DIR) + "/rules/companies";
  auto registry = plugins::PluginRegistry::load(options);
  for (const auto& p : registry->problems()) ADD_FAILURE() << p.path << ": " << p.message;
  EXPECT_NE(registry->department("gouv_fr"), nullptr);
  EXPECT_NE(registry->department("finistere"), nullptr);
  EXPECT_NE(registry->landlord("generic"), nullptr);
  EXPECT_NE(registry->landlord("inli"), nullptr);
  EXPECT_NE(registry->company("example"), nullptr);
  EXPECT_NE(registry->company("acme_industrie"), nullptr) << "the Lua policy of rules/companies";
}

}  // namespace
