import { Type } from '@sinclair/typebox';

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});

export const AddressSchema = Type.Object({ name: Type.String(), address: Type.String() });

export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const errorResponses = { 400: ErrorSchema, 404: ErrorSchema };
