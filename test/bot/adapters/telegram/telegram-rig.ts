import { createTelegramAdapter, type TelegramAdapter } from '../../../../bot/adapters/telegram/telegram.ts';
import type { BotCore } from '../../../../bot/core.ts';
import { createLogger } from '../../../../bot/logger.ts';
import {
  startTelegramEmulator,
  startTelegramGateway,
  type TelegramGateway,
  type TelegramGatewayOptions,
} from '../../../fakes/telegram-emulator.ts';

export const TOKEN = '123456:TEST_TOKEN_abcdefghijklmnopqrstuvwxyz';

export interface TelegramRig {
  emulator: Awaited<ReturnType<typeof startTelegramEmulator>>;
  gateway: TelegramGateway;
  adapter: TelegramAdapter;
  stop(): Promise<void>;
}

/** The real Telegram adapter for this core, long polling the emulator through the recording gateway. */
export async function startTelegramRig(
  core: BotCore,
  gatewayOptions: Omit<TelegramGatewayOptions, 'upstream'> = {},
): Promise<TelegramRig> {
  const emulator = await startTelegramEmulator();
  const gateway = await startTelegramGateway({ upstream: emulator.apiUrl, ...gatewayOptions });
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: gateway.apiUrl,
    router: core.router,
    reachability: core.reachability,
    logger: createLogger('silent'),
  });
  await adapter.start();
  return {
    emulator,
    gateway,
    adapter,
    async stop() {
      await adapter.stop();
      await gateway.close();
      await emulator.server.stop();
    },
  };
}
