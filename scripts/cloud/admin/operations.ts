// Console operations shared by the admin API and the CLI: each changes the registry and, when the cloud is
// running, tells the event stream.

import { maskSecret } from '../../../src/util/mask';
import type { CloudEvents } from '../events';
import type { AddDevicesResult, NewProduct, Product, Registry } from '../registry/index';
import type { Device } from '../registry/index';

export class ConsoleOperations {
  constructor(
    private readonly registry: Registry,
    private readonly events: CloudEvents | null,
    private readonly now: () => number = Date.now,
  ) {}

  addProduct(input: NewProduct): Product {
    const product = this.registry.products.add(input, this.now());
    this.events?.emitEvent({
      type: 'product-added',
      productKey: product.productKey,
      dynamicRegistration: product.dynamicRegistration,
      region: product.region,
      productSecret: maskSecret(product.productSecret),
    });
    return product;
  }

  addDevices(productKey: string, deviceNames: string[]): AddDevicesResult {
    const result = this.registry.devices.add(productKey, deviceNames, this.now());
    if (result.added.length > 0) {
      this.events?.emitEvent({ type: 'devices-added', productKey, deviceNames: result.added.map((d) => d.deviceName) });
    }
    return result;
  }

  /** ResetThing. */
  resetDevice(productKey: string, deviceName: string): Device {
    const device = this.registry.devices.reset(productKey, deviceName);
    this.events?.emitEvent({ type: 'reset', productKey, deviceName });
    return device;
  }
}
