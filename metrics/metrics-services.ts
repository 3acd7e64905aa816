import type { AlertStore } from './alerts/alert-store.ts';
import type { ComposeDigest } from './digests/digest-data.ts';
import type { SubscriptionStore } from './digests/subscription-store.ts';
import type { ReadingDeps } from './series/readings.ts';
import type { SeriesStore } from './series/series-store.ts';

/** The metrics area's running services, as its commands and the composition root see them. */
export interface MetricsServices {
  store: SeriesStore;
  readings: ReadingDeps;
  alerts: AlertStore;
  subscriptions: SubscriptionStore;
  composeDigest: ComposeDigest;
}
