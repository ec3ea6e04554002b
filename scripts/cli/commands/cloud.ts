import type { Command } from 'commander';
import { UsageError } from '../usage';

interface DataFlags {
  data?: string;
  json?: boolean;
  showSecret?: boolean;
}

const DATA_HELP = 'data dir of the local cloud (default $ALIOT_CLOUD_DATA or ~/.aliot/cloud)';

/** Prints what a console command returns; refusals the user can fix are usage errors (exit 2, no stack). */
async function report(run: () => Promise<string>): Promise<void> {
  // Loaded here, not at start-up: the registry pulls in better-sqlite3.
  const { CliInputError } = await import('../../cloud/cli/backend');
  try {
    process.stdout.write(await run());
  } catch (error) {
    if (error instanceof CliInputError) throw new UsageError(error.message, 'aliot cloud');
    throw error;
  }
}

/** `aliot cloud`: the local Alibaba-compatible platform (start it; manage products and devices). */
export function registerCloud(program: Command): void {
  const cloud = program
    .command('cloud')
    .description('local Alibaba Cloud IoT platform: dynamic registration, HTTPS auth, MQTT broker with auth and ACL, registry');

  cloud
    .command('start')
    .description('run the local cloud in the foreground and stream its events (registrations, logins, kicks, publishes)')
    .option('--data <dir>', DATA_HELP)
    .option('--host <address>', 'address for HTTPS and MQTT (default 127.0.0.1; the admin API stays on loopback)')
    .option('--https-port <n>', 'HTTPS port (default 8443; 0 = any free port)')
    .option('--mqtt-port <n>', 'MQTT over TLS port (default 8883)')
    .option('--mqtt-tcp-port <n>', 'MQTT over plain TCP port, securemode 3 (default 1883)')
    .option('--admin-port <n>', 'JSON admin API port (default 8780)')
    .option('--mqtt-redirect <host:port>', 'MQTT host and port /auth/devicename answers (default: the product region host and the TLS port)')
    .option('--registration-drop-ms <ms>', 'drop an MQTT registration connection this long after the reply (default 15000)')
    .option('--key-type <rsa|ec>', 'TLS keys: rsa (RSA-2048, default for a new data dir; Espruino handshakes only with RSA) or ec (P-256); a dir with the other type gets new keys, the old files kept as ca.<type>.pem etc.')
    .action(async (flags) => {
      const { runCloudStart } = await import('../../cloud/cli/start');
      await runCloudStart(flags, (text) => process.stdout.write(text));
    });

  const product = cloud.command('product').description('products of the local cloud');
  product
    .command('add')
    .description('add a product; prints its ProductKey and (masked) ProductSecret')
    .option('--dynreg', 'enable dynamic registration (unique certificate per product)')
    .option('--region <region>', 'cn-shanghai (default), ap-southeast-1, ap-northeast-1, us-west-1, us-east-1 or eu-central-1')
    .option('--product-key <pk>', 'use this ProductKey instead of a fresh one')
    .option('--show-secret', 'print the ProductSecret in full (once)')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA_HELP)
    .action(async (flags: DataFlags & { dynreg?: boolean; region?: string; productKey?: string }) => {
      const { productAdd } = await import('../../cloud/cli/admin');
      await report(() => productAdd(flags));
    });
  product
    .command('list')
    .description('list products')
    .option('--show-secret', 'print ProductSecrets in full')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA_HELP)
    .action(async (flags: DataFlags) => {
      const { productList } = await import('../../cloud/cli/admin');
      await report(async () => productList(flags));
    });

  const device = cloud.command('device').description('devices of the local cloud');
  device
    .command('add <productKey> [deviceNames...]')
    .description('pre-register devices (names, or --csv like the console batch import, e.g. MAC addresses)')
    .option('--csv <file>', 'CSV with DeviceName in the first column (optional DeviceName header)')
    .option('--show-secret', 'print issued DeviceSecrets in full (products without dynamic registration)')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA_HELP)
    .action(async (productKey: string, names: string[], flags: DataFlags & { csv?: string }) => {
      const { deviceAdd } = await import('../../cloud/cli/admin');
      await report(() => deviceAdd(productKey, names, flags));
    });
  device
    .command('reset <productKey> <deviceName>')
    .description('ResetThing: allow dynamic registration again (activation state is kept)')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA_HELP)
    .action(async (productKey: string, deviceName: string, flags: DataFlags) => {
      const { deviceReset } = await import('../../cloud/cli/admin');
      await report(() => deviceReset(productKey, deviceName, flags));
    });
  device
    .command('list [productKey]')
    .description('list devices with state (unactivated/active), online flag and registration state')
    .option('--show-secret', 'print DeviceSecrets in full')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA_HELP)
    .action(async (productKey: string | undefined, flags: DataFlags) => {
      const { deviceList } = await import('../../cloud/cli/admin');
      await report(async () => deviceList(productKey, flags));
    });
}
