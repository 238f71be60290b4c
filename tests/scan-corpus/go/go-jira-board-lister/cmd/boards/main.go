package main

import (
	"context"
	"fmt"

	"example.com/boards/internal/jiraclient"
)

func main() {
	client, err := jiraclient.New()
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	user, _, err := client.User.GetCurrentUser(ctx)
	if err != nil {
		panic(err)
	}
	list, _, err := client.Board.GetAllBoards(ctx, nil)
	if err != nil {
		panic(err)
	}
	for _, b := range list.Values {
		fmt.Printf("%s can see board %d %s\n", user.DisplayName, b.ID, b.Name)
	}
}
