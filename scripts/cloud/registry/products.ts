// Products: ProductKey, ProductSecret, dynamic registration on/off, region.

import { check, DEFAULT_REGION, REGIONS, type Region } from '../../../src/auth/index';
import { newProductKey, newProductSecret } from '../secrets';
import { RegistryError } from './errors';
import { toProduct, type ProductRow } from './rows';
import type { Db } from './schema';
import type { Product } from './types';

export interface NewProduct {
  /** Default: a fresh 'a1' + 9 alphanumerics. */
  productKey?: string;
  /** Default: 16 fresh alphanumerics. */
  productSecret?: string;
  /** Default false (unique certificate per device). */
  dynamicRegistration?: boolean;
  /** Default cn-shanghai. */
  region?: Region;
}

export class Products {
  constructor(private readonly db: Db) {}

  add(input: NewProduct, now: number): Product {
    const productKey = input.productKey ?? newProductKey();
    const productSecret = input.productSecret ?? newProductSecret();
    const region = input.region ?? DEFAULT_REGION;
    const error = check('productKey', productKey) ?? check('productSecret', productSecret) ?? check('region', region, REGIONS);
    if (error) throw new RegistryError('invalid', error.message);
    const insert = this.db.transaction(() => {
      if (this.get(productKey)) throw new RegistryError('conflict', `product ${productKey} already exists`);
      this.db
        .prepare('INSERT INTO products (product_key, product_secret, dynamic_registration, region, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(productKey, productSecret, input.dynamicRegistration ? 1 : 0, region, now);
    });
    insert.immediate();
    return this.get(productKey) as Product;
  }

  get(productKey: string): Product | undefined {
    const row = this.db.prepare<ProductRow>('SELECT * FROM products WHERE product_key = ?').get(productKey);
    return row ? toProduct(row) : undefined;
  }

  list(): Product[] {
    return this.db.prepare<ProductRow>('SELECT * FROM products ORDER BY created_at, product_key').all().map(toProduct);
  }

  /** Switches dynamic registration on or off (the console's toggle). */
  setDynamicRegistration(productKey: string, on: boolean): Product {
    const r = this.db.prepare('UPDATE products SET dynamic_registration = ? WHERE product_key = ?').run(on ? 1 : 0, productKey);
    if (r.changes === 0) throw new RegistryError('not-found', `product ${productKey} not found`);
    return this.get(productKey) as Product;
  }
}
