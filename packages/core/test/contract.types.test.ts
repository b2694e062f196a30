import { expectTypeOf, test } from "vitest";
import { type BearerAuth, createBearerAuth, createTokenEndpointAuth, type ProviderAuth } from "../src/index.js";

// Compiled by tsc (the package's typecheck): a failing assignment is a type error.
test("core's factories return the one contract, ProviderAuth; BearerAuth is the same type", () => {
  expectTypeOf(createBearerAuth).returns.toEqualTypeOf<ProviderAuth>();
  expectTypeOf(createTokenEndpointAuth).returns.toEqualTypeOf<ProviderAuth>();
  expectTypeOf<BearerAuth>().toEqualTypeOf<ProviderAuth>();
  expectTypeOf<ProviderAuth>().toHaveProperty("clear");
});
