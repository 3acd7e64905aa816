import type { ChannelRef, ChatEvent, Platform } from '../../chat/chat-adapter.ts';
import type { Command } from '../../chat/command.ts';
import { textReply, type Reply } from '../../chat/reply.ts';
import { formatTime } from '../../lib/format-time.ts';
import { parseNetwork, type Network } from '../../retrieval/networks.ts';
import { capitalise } from '../series/format.ts';
import type { ComposeDigest } from './digest-data.ts';
import {
  formatLocalDate,
  localDateOf,
  nextDelivery,
  parseLocalTime,
  parseTimeZone,
} from './digest-schedule.ts';
import type { SubscriptionStore } from './subscription-store.ts';
import type { Clock } from '../series/types.ts';

export interface SubscriptionCommandContext {
  channel: ChannelRef;
  chatKind: 'private' | 'group';
  userHash: string;
  subscriptions: SubscriptionStore;
  composeDigest: ComposeDigest;
  clock: Clock;
}

export const SUBSCRIBE_USAGE =
  'Usage: /subscribe [HH:MM] [time zone] [networks], e.g. /subscribe 08:30 Europe/Berlin akash render. ' +
  'Defaults: 09:00 UTC, all networks.';

export type SubscribeArgs = { localTime: string; timeZone: string; networks: Network[] };

/** "[HH:MM] [zone] [networks…]" in any order; each token must be one of the three. */
export function parseSubscribeArgs(
  args: string,
): { ok: true; value: SubscribeArgs } | { ok: false; reason: string } {
  let localTime = '09:00';
  let timeZone = 'UTC';
  const networks: Network[] = [];
  for (const token of args
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const time = parseLocalTime(token);
    const network = parseNetwork(token);
    const zone = time || network ? undefined : parseTimeZone(token);
    if (time) localTime = time;
    else if (network) {
      if (!networks.includes(network)) networks.push(network);
    } else if (zone) timeZone = zone;
    else return { ok: false, reason: `I don't understand "${token}". ${SUBSCRIBE_USAGE}` };
  }
  return { ok: true, value: { localTime, timeZone, networks } };
}

export async function handleSubscribe(args: string, context: SubscriptionCommandContext): Promise<Reply> {
  const parsed = parseSubscribeArgs(args);
  if (!parsed.ok) return textReply(parsed.reason);
  const { localTime, timeZone, networks } = parsed.value;
  const now = context.clock.now();
  const scope = context.chatKind === 'private' ? 'personal' : 'channel';
  await context.subscriptions.upsert(
    { channel: context.channel, createdBy: context.userHash, localTime, timeZone, networks, scope },
    now,
  );
  const next = nextDelivery(localTime, timeZone, now);
  const localDay = formatLocalDate(localDateOf(next, timeZone));
  const names = networks.length > 0 ? networks.map(capitalise).join(', ') : 'all networks';
  return textReply(
    `Subscribed: a daily digest at ${localTime} ${timeZone} (${names}).`,
    `Next delivery: ${localDay} ${localTime} ${timeZone} (${formatTime(next)}).`,
    '/digest shows it now; /unsubscribe stops it.',
  );
}

export async function handleUnsubscribe(context: SubscriptionCommandContext): Promise<Reply> {
  return (await context.subscriptions.unsubscribe(context.channel, 'unsubscribed by user'))
    ? textReply('Unsubscribed: no more daily digests here. /subscribe brings them back.')
    : textReply('There is no digest subscription here. ' + SUBSCRIBE_USAGE);
}

/** `/digest`: today's digest now, for this chat's networks (or all). */
export async function handleDigestPreview(context: SubscriptionCommandContext): Promise<Reply> {
  const subscription = await context.subscriptions.get(context.channel);
  const timeZone = subscription?.active ? subscription.timeZone : 'UTC';
  const localDate = formatLocalDate(localDateOf(context.clock.now(), timeZone));
  return context.composeDigest(subscription?.active ? subscription.networks : [], localDate, timeZone);
}

export interface SubscriptionCommandDeps {
  subscriptions: SubscriptionStore;
  composeDigest: ComposeDigest;
  clock: Clock;
  hashUser(platform: Platform, userId: string): string;
}

function contextOf(event: ChatEvent, deps: SubscriptionCommandDeps): SubscriptionCommandContext {
  return {
    channel: event.channel,
    chatKind: event.chatKind,
    userHash: deps.hashUser(event.platform, event.userId),
    subscriptions: deps.subscriptions,
    composeDigest: deps.composeDigest,
    clock: deps.clock,
  };
}

/**
 * `/subscribe`, `/unsubscribe`, `/digest`. In a group only moderators manage the chat's digest;
 * in a private chat each user manages their own. The router checks that, from the specs.
 */
export function createSubscriptionCommands(deps: SubscriptionCommandDeps): Command[] {
  return [
    {
      spec: {
        name: 'subscribe',
        description: 'Daily digest at your local time: /subscribe 08:30 Europe/Berlin akash render',
        option: {
          name: 'schedule',
          description: '[HH:MM] [time zone] [networks], default 09:00 UTC',
          required: false,
        },
        permission: 'moderators-in-groups',
        privateReply: false,
      },
      run: async (event) => ({ reply: await handleSubscribe(event.text, contextOf(event, deps)) }),
    },
    {
      spec: {
        name: 'unsubscribe',
        description: 'Stop the daily digest here',
        permission: 'moderators-in-groups',
        privateReply: false,
      },
      run: async (event) => ({ reply: await handleUnsubscribe(contextOf(event, deps)) }),
    },
    {
      spec: {
        name: 'digest',
        description: "Preview today's digest now",
        permission: 'everyone',
        privateReply: false,
      },
      run: async (event) => ({ reply: await handleDigestPreview(contextOf(event, deps)) }),
    },
  ];
}
