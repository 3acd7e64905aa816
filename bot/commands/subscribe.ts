import {
  handleDigestPreview,
  handleSubscribe,
  handleUnsubscribe,
  type SubscriptionCommandContext,
} from '../../metrics/digests/subscription-commands.ts';
import type { MetricsServices } from '../../metrics/start-metrics.ts';
import type { Clock } from '../../metrics/series/types.ts';
import type { ChatEvent } from '../../chat/chat-adapter.ts';
import type { UserHasher } from '../user-hash.ts';
import type { Command } from '../../chat/command.ts';
import type { ForgetHook } from './forget.ts';

export interface SubscribeCommandDeps {
  metrics: MetricsServices;
  hashUser: UserHasher;
  clock?: Clock;
}

function contextOf(event: ChatEvent, deps: SubscribeCommandDeps): SubscriptionCommandContext {
  return {
    channel: event.channel,
    chatKind: event.chatKind,
    userHash: deps.hashUser(event.platform, event.userId),
    isModerator: () => event.isModerator(),
    subscriptions: deps.metrics.subscriptions,
    composeDigest: deps.metrics.composeDigest,
    clock: deps.clock ?? deps.metrics.readings.clock,
  };
}

export function createSubscribeCommand(deps: SubscribeCommandDeps): Command {
  return { run: async (event) => ({ reply: await handleSubscribe(event.text, contextOf(event, deps)) }) };
}

export function createUnsubscribeCommand(deps: SubscribeCommandDeps): Command {
  return { run: async (event) => ({ reply: await handleUnsubscribe(contextOf(event, deps)) }) };
}

export function createDigestCommand(deps: SubscribeCommandDeps): Command {
  return { run: async (event) => ({ reply: await handleDigestPreview(contextOf(event, deps)) }) };
}

/** For createBotCore({ forgetHooks }): /forget removes the user's digests and personal alerts. */
export function createMetricsForgetHook(metrics: MetricsServices): ForgetHook {
  return async ({ userHash }) =>
    (await metrics.subscriptions.forgetCreator(userHash)) + (await metrics.alerts.forgetCreator(userHash));
}
