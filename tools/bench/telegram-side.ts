/**
 * The Telegram side of the chat bench, in a worker thread: telegram-test-api, the recording gateway
 * beside it and the simulated users. Its own event loop stamps arrivals, so a busy bot (PGlite and
 * retrieval run on the main thread) cannot skew the send rates we measure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startTelegramEmulator, startTelegramGateway } from '../../test/fakes/telegram-emulator.ts';
import { runChatLoad, type ChatLoadOptions } from './telegram-load.ts';

export type TelegramSideOptions = Omit<ChatLoadOptions, 'server'>;

/** Worker → main: first the API root for the bot, then the result or an error. */
export type TelegramSideMessage =
  | { kind: 'ready'; apiUrl: string }
  | { kind: 'done'; result: Awaited<ReturnType<typeof runChatLoad>> }
  | { kind: 'failed'; error: string };

const port = parentPort;
if (port) {
  const options = workerData as TelegramSideOptions;
  const post = (message: TelegramSideMessage) => port.postMessage(message);
  const emulator = await startTelegramEmulator();
  // Answers the methods the emulator lacks (setMyCommands, sendChatAction) so the run stays quiet.
  const gateway = await startTelegramGateway({ upstream: emulator.apiUrl, members: {} });
  post({ kind: 'ready', apiUrl: gateway.apiUrl });
  // The main thread says when the bot is polling.
  await new Promise((resolve) => port.once('message', resolve));
  try {
    post({ kind: 'done', result: await runChatLoad({ ...options, server: emulator.server }) });
  } catch (error) {
    post({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  await new Promise((resolve) => port.once('message', resolve));
  await gateway.close();
  await emulator.server.stop();
  port.close();
}
