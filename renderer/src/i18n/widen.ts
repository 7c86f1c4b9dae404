/** The same keys as T, any strings: the shape a translation must have. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
