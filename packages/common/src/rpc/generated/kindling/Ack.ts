// Original file: kindling.proto


export interface Ack {
}

export interface Ack__Output {
}
