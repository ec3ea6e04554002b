// Part of the image pipeline's self-test: classes with inheritance, accessors, statics and enums.

export enum Kind {
  Circle,
  Square = 10,
  Label = 'label',
}

export abstract class Shape {
  static created = 0;
  protected constructor(readonly kind: Kind, readonly name: string) {
    Shape.created++;
  }
  abstract area(): number;
  get summary(): string {
    return this.describe();
  }
  protected describe(): string {
    return `${this.name}(${Kind[this.kind as number] ?? this.kind}) area=${this.area().toFixed(2)}`;
  }
}

export class Circle extends Shape {
  constructor(private readonly r: number) {
    super(Kind.Circle, 'circle');
  }
  area(): number {
    return Math.PI * this.r * this.r;
  }
}

export class Square extends Shape {
  constructor(readonly side: number) {
    super(Kind.Square, 'square');
  }
  area(): number {
    return this.side * this.side;
  }
}

export class LabelledSquare extends Square {
  constructor(side: number, private readonly label: string) {
    super(side);
  }
  protected override describe(): string {
    return `[${this.label}] ${super.describe()}`;
  }
}
