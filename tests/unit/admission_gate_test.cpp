// The host's admission gate: never more than its slots at once, and turns in arrival order.
#include "server/admission_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using alin::host::AdmissionGate;
using namespace std::chrono_literals;

TEST(AdmissionGate, NeverMoreRunAtOnceThanItsSlots) {
  AdmissionGate gate(2);
  std::atomic<int> running{0}, most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        const auto turn = gate.enter();
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(100us);
        --running;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(running.load(), 0);
}

TEST(AdmissionGate, WaitersAreAdmittedInTheOrderTheyArrived) {
  AdmissionGate gate(1);
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  {
    const auto held = gate.enter();  // every waiter queues behind this turn
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&, i] {
        const auto turn = gate.enter();
        std::lock_guard lock(order_mutex);
        order.push_back(i);
      });
      // Waiter i is in the queue before waiter i + 1 arrives.
      while (gate.waiting() < static_cast<std::size_t>(i + 1)) std::this_thread::sleep_for(1ms);
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(AdmissionGate, AFreeSlotAdmitsAtOnce) {
  AdmissionGate gate(3);
  const auto a = gate.enter();
  const auto b = gate.enter();
  const auto c = gate.enter();  // the third slot: no wait, or this test would hang
  SUCCEED();
}
