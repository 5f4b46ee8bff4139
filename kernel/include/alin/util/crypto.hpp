#pragma once
// Passwords, tokens and ids, all from libsodium.
#include <cstddef>
#include <string>
#include <string_view>

namespace alin::crypto {

// Argon2id cost. The defaults are libsodium's "interactive" limits; tests lower them.
struct PasswordCost {
  unsigned long long ops = 2;
  std::size_t memory_bytes = 64u * 1024 * 1024;
};

// Must be called once before any other function (sodium_init is idempotent and thread-safe).
void initialise();

std::string hash_password(std::string_view password, const PasswordCost& cost);
bool verify_password(std::string_view password, const std::string& stored_hash);

// A random secret of `bytes` bytes, URL-safe base64 without padding: session and link tokens.
std::string random_token(std::size_t bytes = 32);
// What is stored for a token: its SHA-256 in hex. Tokens are high-entropy, so no salt is needed.
std::string token_hash(std::string_view token);
// A random identifier (UUID version 4 text form).
std::string new_id();
// A random decimal code of `digits` digits.
std::string random_digits(std::size_t digits);

}  // namespace alin::crypto
