import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../bot/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BotProcess {
  readonly port: number;
  /** The running child (a new one after restart()). */
  child(): ChildProcess;
  /** Resolves once the webhook port accepts connections; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** A fresh process on the same port and environment (a supervisor restarting a killed one). */
  restart(): void;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start` as an operator runs it (node with tsx's loader, so a SIGKILL hits the bot itself,
 * not a wrapper), its output appended to logFile.
 */
export function startBotProcess(env: Record<string, string>, port: number, logFile: string): BotProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  let current: ChildProcess;
  let exited: Promise<number | null>;
  const launch = () => {
    current = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: { ...process.env, ...env, TELEGRAM_WEBHOOK_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current.stdout?.pipe(log, { end: false });
    current.stderr?.pipe(log, { end: false });
    exited = new Promise((resolve) => current.once('exit', (code) => resolve(code)));
  };
  launch();
  return {
    port,
    child: () => current,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let gone = false;
      void exited.then(() => (gone = true));
      while (!(await accepts(port))) {
        if (gone) throw new Error(`bot process on port ${port} exited while starting; see ${logFile}`);
        if (Date.now() > deadline)
          throw new Error(`bot process on port ${port} did not start; see ${logFile}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    kill: (signal) => void current.kill(signal),
    async stop() {
      if (current.exitCode === null && current.signalCode === null) current.kill('SIGTERM');
      await exited;
    },
    restart: launch,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
