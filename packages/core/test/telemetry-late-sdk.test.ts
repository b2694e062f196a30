import { startOAuth2Emulator } from "@auth/testing";
import { metrics, trace } from "@opentelemetry/api";
import { type DataPoint, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, expect, test } from "vitest";
import { createTokenEndpointAuth, storeKey, telemetrySnapshot } from "../src/index.js";

class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

afterAll(() => {
  trace.disable();
  metrics.disable();
});

test("no SDK: tokens work and are counted; an SDK registered later gets the spans and the counts so far", async () => {
  const emu = await startOAuth2Emulator();
  try {
    const auth = createTokenEndpointAuth(
      {},
      {
        key: storeKey({ provider: "late", baseUrl: emu.url, account: emu.credentials.clientId }),
        url: emu.tokenUrl,
        params: { grant_type: "client_credentials" },
        clientAuth: { method: "basic", ...emu.credentials },
      },
    );
    await auth.getToken();
    await auth.getToken();
    expect(telemetrySnapshot().providers).toEqual([expect.objectContaining({ provider: "late", tokenRequests: { fetched: 1, error: 0 } })]);

    // The application registers its SDK only now (the cache and its tracer exist already).
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    expect(trace.setGlobalTracerProvider(tracerProvider)).toBe(true);
    expect(metrics.setGlobalMeterProvider(meterProvider)).toBe(true);

    await auth.getToken({ forceRefresh: true });
    expect(spans.getFinishedSpans().map((s) => [s.name, s.attributes["auth.cache.result"], s.attributes["auth.outcome"]])).toEqual([["auth.token.acquire", "refresh", "fetched"]]);
    const { resourceMetrics } = await reader.collect();
    const requests = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === "auth.token.requests");
    // Cumulative since core was loaded: the request made before the SDK counts too.
    expect(((requests?.dataPoints ?? []) as DataPoint<number>[]).map((p) => [p.attributes["auth.provider"], p.attributes["auth.outcome"], p.value])).toEqual([["late", "fetched", 2]]);
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  } finally {
    await emu.close();
  }
});
